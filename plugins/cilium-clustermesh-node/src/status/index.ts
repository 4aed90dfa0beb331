export { ClusterObserver } from './clusterObserver';
export type { ClusterObserverOptions, ObserveOptions } from './clusterObserver';
export { MetricsParserThreads, parseMetricsOnEventLoop } from './metricsParser';
export type {
  MetricsParser,
  MetricsParserThreadsOptions,
} from './metricsParser';
