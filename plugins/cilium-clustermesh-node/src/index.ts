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
export * from './azure/azureOperationError';
export * from './azure/armRestClient';
export * from './azure/managedClusters';
export * from './azure/network';
export * from './azure/clusterAccess';
export * from './helm';
export * from './cilium';
