export { ClusterObserver } from './clusterObserver';
export type { ClusterObserverOptions, ObserveOptions } from './clusterObserver';
