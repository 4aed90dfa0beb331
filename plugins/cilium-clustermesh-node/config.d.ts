export interface Config {
  /** Cilium ClusterMesh plugins: meshes whose clusters are reached from config. */
  ciliumClusterMesh?: {
    meshes?: Array<{
      /** Mesh name, as used in the `cilium.io/clustermesh` annotation. */
      name: string;
      /** Human-friendly name shown in the portal. */
      title?: string;
      clusters: Array<{
        /** Cilium cluster name (`cluster.name`). */
        name: string;
        /** Kubernetes API server URL, https. */
        url: string;
        /** Base64-encoded PEM bundle of the API server's certificate authority. */
        caData: string;
        /**
         * How the backend authenticates: `serviceAccount` (a bearer token),
         * `clientCertificate`, or `azure` (an Entra ID token for the AKS server
         * app, from the backend's Azure identity).
         */
        authProvider: 'serviceAccount' | 'clientCertificate' | 'azure';
        /**
         * Bearer token when authProvider is serviceAccount.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Base64-encoded PEM client certificate when authProvider is clientCertificate. */
        clientCertData?: string;
        /**
         * Base64-encoded PEM client key when authProvider is clientCertificate.
         * @visibility secret
         */
        clientKeyData?: string;
      }>;
    }>;
  };
}
