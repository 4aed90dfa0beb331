import { ClusterFactory, ManagedClusterSpec } from '../clusters';
import { KubeApiServer, KubeApiServerOptions } from './apiServer';

export interface KubeClusterFactory extends ClusterFactory {
  create(spec: ManagedClusterSpec): Promise<KubeApiServer>;
  /** The API servers created so far that are still running. */
  clusters(): KubeApiServer[];
  /** Stops every API server this factory created, watches included. */
  stop(): Promise<void>;
}

/** The ClusterFactory ARM uses to bring up each managed cluster's API server. */
export function createKubeClusterFactory(
  options: KubeApiServerOptions = {},
): KubeClusterFactory {
  const servers = new Set<KubeApiServer>();
  const running = () => [...servers].filter(server => server.isRunning);
  return {
    async create(spec) {
      const server = await KubeApiServer.start(spec, options);
      servers.add(server);
      return server;
    },
    clusters: running,
    async stop() {
      await Promise.all([...servers].map(server => server.stop()));
      servers.clear();
    },
  };
}
