export interface Config {
  ciliumClusterMesh?: {
    /** Links the ClusterMesh tab offers next to each cluster. */
    ui?: {
      /**
       * URL of a cluster's Hubble UI. `{mesh}` and `{cluster}` are replaced by
       * the mesh name and the cluster's name in the mesh definition (URL
       * encoded); only http(s) URLs are shown. Without it, no Hubble UI column.
       * Example: https://hubble.{cluster}.example.com/
       * @visibility frontend
       */
      hubbleUiUrl?: string;
      /**
       * URL of a cluster in the Azure portal, with the same `{mesh}` and
       * `{cluster}` placeholders. Without it, no Azure portal column. Example:
       * https://portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/<sub>/resourceGroups/rg-{mesh}/providers/Microsoft.ContainerService/managedClusters/{cluster}/overview
       * @visibility frontend
       */
      azurePortalUrl?: string;
    };
  };
}
