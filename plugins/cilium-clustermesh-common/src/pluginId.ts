/** The plugin id shared by every package of the cilium-clustermesh family. */
export const CILIUM_CLUSTERMESH_PLUGIN_ID = 'cilium-clustermesh';
