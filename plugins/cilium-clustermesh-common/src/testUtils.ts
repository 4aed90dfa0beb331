/**
 * Observation builders for tests of the cilium-clustermesh plugins: the
 * healthy three-cluster seed mesh, the faults tests apply to it, and large
 * meshes for benchmarks.
 *
 * @packageDocumentation
 */
export * from './status/__testUtils__/observations';
