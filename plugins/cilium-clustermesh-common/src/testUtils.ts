/**
 * Observation builders for tests of the cilium-clustermesh plugins: the
 * healthy three-cluster seed mesh, the faults tests apply to it, and large
 * meshes for benchmarks.
 *
 * @packageDocumentation
 */
// eslint-disable-next-line no-restricted-imports -- this entry point is how other packages' tests reach the builders
export * from './status/__testUtils__/observations';
