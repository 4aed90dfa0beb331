/**
 * Kubernetes and Azure access shared by the cilium-clustermesh backend plugin
 * and its scaffolder module.
 *
 * @packageDocumentation
 */
export * from './config/meshConfig';
export * from './kubernetes/kubeConfig';
export * from './azure/azureConnection';
export * from './status';
