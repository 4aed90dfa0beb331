import { parse, stringify } from 'yaml';
import { LabCluster } from '../clusters';

const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/**
 * What `listClusterUserCredential` returns, as AKS does: on clusters with
 * Entra ID integration a kubeconfig whose user runs kubelogin (the caller
 * swaps in an Entra token); otherwise the local cluster-user certificate,
 * which has the same rights as the admin one.
 */
export function userKubeconfig(
  cluster: LabCluster,
  names: { resourceGroup: string; name: string; tenantId: string },
  entraIdIntegrated: boolean,
): string {
  const config = parse(cluster.adminKubeconfig());
  const userName = `clusterUser_${names.resourceGroup}_${names.name}`;
  const [user] = config.users;
  config.users = [
    {
      name: userName,
      user: entraIdIntegrated
        ? {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: 'kubelogin',
              args: [
                'get-token',
                '--login',
                'devicecode',
                '--server-id',
                AKS_SERVER_APP_ID,
                '--environment',
                'AzurePublicCloud',
                '--tenant-id',
                names.tenantId,
              ],
              env: null,
              provideClusterInfo: false,
              interactiveMode: 'IfAvailable',
            },
          }
        : user.user,
    },
  ];
  config.contexts = config.contexts.map(
    (context: { context: Record<string, string> }) => ({
      ...context,
      context: { ...context.context, user: userName },
    }),
  );
  return stringify(config);
}
