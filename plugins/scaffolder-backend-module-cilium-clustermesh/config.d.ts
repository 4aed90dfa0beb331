export interface Config {
  ciliumClusterMesh?: {
    /** How the scaffolder actions drive Azure, Helm and the wait for the mesh. */
    provisioning?: {
      /**
       * AKS api-version for creating clusters. Only preview versions carry
       * networkProfile.kubeProxyConfig, which turns kube-proxy off; AKS
       * retires previews after about a year. Default 2026-10-02-preview.
       */
      previewApiVersion?: string;
      /** Seconds between polls of long-running Azure operations. Default 15. */
      pollIntervalSeconds?: number;
      /** Clusters created, installed or upgraded at once. Default 4. */
      concurrency?: number;
      /** How long cilium:clustermesh:wait waits for every link. Default 600. */
      meshReadyTimeoutSeconds?: number;
      /** Seconds between two reads of the mesh while waiting. Default 5. */
      meshReadyPollSeconds?: number;
      /** How long a clustermesh-apiserver may wait for its internal load balancer address. Default 600. */
      loadBalancerTimeoutSeconds?: number;
      /** helm --wait --timeout for Cilium installs. Default 600. */
      helmWaitTimeoutSeconds?: number;
    };
  };
}
