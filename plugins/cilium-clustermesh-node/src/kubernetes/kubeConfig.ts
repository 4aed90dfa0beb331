import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConnectionConfig } from '../config/meshConfig';

/** Scope of the AKS Entra ID server application, the same for every AKS cluster. */
export const AKS_SERVER_APP_SCOPE =
  '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

/** The part of `@azure/core-auth`'s TokenCredential we need. */
export interface AccessTokenSource {
  getToken(scopes: string): Promise<{ token: string } | null>;
}

export interface KubeConfigOptions {
  /** The backend's Azure identity, needed for clusters with `authProvider: azure`. */
  azureCredential?: AccessTokenSource;
}

/**
 * A KubeConfig for one cluster, held in memory only. Azure tokens are fetched
 * per call because they expire within the hour.
 */
export async function createKubeConfig(
  cluster: ClusterConnectionConfig,
  options: KubeConfigOptions = {},
): Promise<KubeConfig> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: false,
      },
    ],
    users: [
      { name: cluster.name, ...(await userCredentials(cluster, options)) },
    ],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: cluster.name },
    ],
    currentContext: cluster.name,
  });
  return kubeConfig;
}

async function userCredentials(
  cluster: ClusterConnectionConfig,
  options: KubeConfigOptions,
): Promise<{ token?: string; certData?: string; keyData?: string }> {
  switch (cluster.authProvider) {
    case 'serviceAccount':
      return { token: cluster.serviceAccountToken };
    case 'clientCertificate':
      return {
        certData: cluster.clientCertData,
        keyData: cluster.clientKeyData,
      };
    case 'azure': {
      if (!options.azureCredential) {
        throw new Error(
          `Cluster ${cluster.name} uses authProvider azure but the backend has no Azure identity; configure one or use another authProvider`,
        );
      }
      const accessToken = await options.azureCredential.getToken(
        AKS_SERVER_APP_SCOPE,
      );
      if (!accessToken) {
        throw new Error(
          `Azure returned no token for cluster ${cluster.name} (scope ${AKS_SERVER_APP_SCOPE}); check that the backend identity may sign in to the AKS server app`,
        );
      }
      return { token: accessToken.token };
    }
    default:
      throw new Error(
        `Unsupported authProvider for cluster ${
          (cluster as { name: string }).name
        }`,
      );
  }
}
