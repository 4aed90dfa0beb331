export interface Config {
  /** Cilium ClusterMesh plugins: meshes whose clusters are reached from config. */
  ciliumClusterMesh?: {
    /**
     * The Azure identity the backend uses for ARM (provisioning) and for
     * Entra ID tokens to AKS clusters. Without clientId/clientSecret the
     * backend uses workload identity or DefaultAzureCredential.
     */
    azure?: {
      tenantId?: string;
      subscriptionId?: string;
      clientId?: string;
      /**
       * Client secret of the service principal; prefer workload identity.
       * @visibility secret
       */
      clientSecret?: string;
      /** ARM endpoint; defaults to https://management.azure.com. */
      resourceManagerEndpoint?: string;
      /** Entra ID authority host; defaults to https://login.microsoftonline.com. */
      authorityHost?: string;
      /** PEM file of an extra CA to trust for ARM and Entra ID (private endpoints, the lab). */
      caFile?: string;
    };
    /** Helm used to install and upgrade Cilium. */
    helm?: {
      /** Path of the helm executable; defaults to `helm` on PATH. */
      binary?: string;
    };
    /** Cilium chart facts the provisioning actions need. */
    cilium?: {
      /**
       * A directory of `values.schema.<chart version>.json` files taken from
       * the Cilium chart (`helm pull cilium/cilium --version X --untar`).
       * Values are checked against them before Helm runs, and only chart
       * versions with a file here can be installed.
       */
      valuesSchemaDirectory?: string;
    };
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
        /**
         * `host:port` through which the backend reaches this cluster's
         * clustermesh-apiserver to read its server certificate (expiry, CA).
         * Defaults to the address and port of the clustermesh-apiserver
         * Service, which a backend outside the cluster's network may not reach.
         */
        clustermeshApiserverEndpoint?: string;
      }>;
    }>;
  };
}
