export interface Config {
  ciliumClusterMesh?: {
    /** How the backend reads mesh status. */
    status?: {
      /**
       * How often one backend replica refreshes every mesh; defaults to every
       * 30 seconds with a 2 minute timeout.
       */
      schedule?: {
        frequency: { minutes?: number; seconds?: number } | string;
        timeout: { minutes?: number; seconds?: number } | string;
        initialDelay?: { minutes?: number; seconds?: number } | string;
      };
      /** Per-cluster read timeout in seconds; a slower cluster is reported with its error. Default 10. */
      clusterTimeoutSeconds?: number;
      /** Clusters read in parallel. Default 16. */
      concurrency?: number;
      /**
       * Read each clustermesh-apiserver's certificate through a TLS handshake.
       * `true` (default): at the cluster's `clustermeshApiserverEndpoint`, or
       * else at its clustermesh-apiserver Service address (often an internal
       * load balancer). `configuredEndpoints`: only clusters with
       * `clustermeshApiserverEndpoint`, so a backend outside the clusters'
       * networks never dials their private addresses. `false`: never.
       */
      probeCertificates?: boolean | 'configuredEndpoints';
      /** A mesh view older than this is read again when requested, and flagged stale if that fails. Default 300. */
      staleAfterSeconds?: number;
      /** Days of connection history kept. Default 30. */
      historyRetentionDays?: number;
      /** Minimum seconds between two explicit refreshes of one mesh. Default 10. */
      manualRefreshIntervalSeconds?: number;
      /**
       * Worker threads that parse the agents' and KVStoreMesh's metrics, so a
       * large mesh's scrapes do not hold up the event loop. 0 parses on the
       * event loop. Default: one less than the cores, at most 2.
       */
      metricsParserThreads?: number;
    };
    /**
     * Catalog `kubernetes-cluster` Resources with the `cilium.io/clustermesh`
     * annotation join that mesh. The backend sends its Azure token to their
     * `kubernetes.io/api-server`, so only these hosts are accepted.
     */
    catalogClusters?: {
      /** Host names or `*.suffix` patterns; defaults to `*.azmk8s.io`. */
      allowedHosts?: string[];
    };
  };
}
