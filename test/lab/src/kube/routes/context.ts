import { ResourceOperations } from '../operations';
import { PodExecRegistry } from '../podExec';
import { PodProxyRegistry } from '../podProxy';

/** What request handlers need from the server that received the request. */
export interface ApiContext {
  operations: ResourceOperations;
  podProxies: PodProxyRegistry;
  podExecs: PodExecRegistry;
  /** Closers of open watch streams, so the server can end them when it stops. */
  openWatches: Set<() => void>;
  /** `v1.33.0` */
  gitVersion: string;
  /** host:port clients reach the API server at. */
  serverAddress: string;
}
