import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ClientSecretCredential } from '@azure/identity';
import type { Lab } from '@meshportal/lab';
import {
  Client,
  createRestError,
  getClient,
  HttpResponse,
} from '@azure-rest/core-client';
import { createHttpPoller } from '@azure/core-lro';
import path from 'node:path';
import { parse } from 'yaml';
import { ClusterAccess, kubeConfigFor } from '../../azure/clusterAccess';

/** The lab's helm, run as a separate process exactly as the real one would be. */
export function labHelmBinary(): string {
  return path.join(
    path.dirname(require.resolve('@meshportal/lab/package.json')),
    'bin',
    'helm',
  );
}

/** The Cilium chart schemas the lab itself checks values against. */
export const SCHEMA_DIRECTORY = path.resolve(
  __dirname,
  '../../../../../../shared/reference/cilium',
);

const ARM_SCOPE = 'https://management.azure.com/.default';

/** PUT through ARM's async-operation protocol, as the lab's own operator code does. */
async function armPut(
  client: Client,
  resourcePath: string,
  apiVersion: string,
  body: unknown,
): Promise<Record<string, any>> {
  const toLro = (response: HttpResponse) => {
    if (!['200', '201', '202'].includes(response.status)) {
      throw createRestError(response);
    }
    return {
      flatResponse: response,
      rawResponse: {
        ...response,
        statusCode: Number(response.status),
        body: response.body,
      },
    };
  };
  const poller = createHttpPoller(
    {
      sendInitialRequest: async () =>
        toLro(
          await client.pathUnchecked(resourcePath).put({
            queryParameters: { 'api-version': apiVersion },
            contentType: 'application/json',
            body,
          }),
        ),
      sendPollRequest: async (pollPath: string) =>
        toLro(await client.pathUnchecked(pollPath).get()),
    },
    { resourceLocationConfig: 'azure-async-operation', intervalInMs: 20 },
  );
  return ((await poller.pollUntilDone()) as HttpResponse).body as Record<
    string,
    any
  >;
}

/**
 * A BYOCNI AKS cluster created through ARM as an operator would, and admin
 * access to it from its cluster-admin kubeconfig.
 */
export async function createLabAksCluster(
  lab: Lab,
  name: string,
  podCidr: string,
  /** Nodes in a spoke VNet of this prefix, so peers can route to each other. */
  vnetPrefix?: string,
): Promise<ClusterAccess> {
  const tls = { tlsOptions: { ca: lab.arm.caPem } };
  const credential = new ClientSecretCredential(
    lab.arm.tenantId,
    lab.arm.clientId,
    lab.arm.clientSecret,
    { authorityHost: lab.arm.endpoint, disableInstanceDiscovery: true, ...tls },
  );
  const arm = getClient(lab.arm.endpoint, credential, {
    credentials: { scopes: [ARM_SCOPE] },
    ...tls,
  });
  const resourceGroup = `rg-${name}`;
  const groupPath = `/subscriptions/${lab.arm.subscriptionId}/resourceGroups/${resourceGroup}`;
  await armPut(arm, groupPath, '2021-04-01', { location: 'westeurope' });
  const subnetId = vnetPrefix
    ? (
        await armPut(
          arm,
          `${groupPath}/providers/Microsoft.Network/virtualNetworks/vnet-${name}`,
          '2024-05-01',
          {
            location: 'westeurope',
            properties: {
              addressSpace: { addressPrefixes: [vnetPrefix] },
              subnets: [
                { name: 'nodes', properties: { addressPrefix: vnetPrefix } },
              ],
            },
          },
        )
      ).properties.subnets[0].id
    : undefined;
  const aks = new ContainerServiceClient(credential, lab.arm.subscriptionId, {
    endpoint: lab.arm.endpoint,
    ...tls,
  });
  const cluster = await aks.managedClusters.beginCreateOrUpdateAndWait(
    resourceGroup,
    name,
    {
      location: 'westeurope',
      dnsPrefix: name,
      agentPoolProfiles: [
        {
          name: 'system',
          mode: 'System',
          count: 1,
          vmSize: 'Standard_D4s_v5',
          vnetSubnetID: subnetId,
        },
      ],
      networkProfile: {
        networkPlugin: 'none',
        podCidr,
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
      },
    },
    { updateIntervalInMs: 10 },
  );
  const credentials = await aks.managedClusters.listClusterAdminCredentials(
    resourceGroup,
    name,
  );
  const kubeconfig = parse(
    Buffer.from(credentials.kubeconfigs![0].value!).toString('utf8'),
  );
  const user = kubeconfig.users[0].user;
  return {
    cluster: name,
    server: kubeconfig.clusters[0].cluster.server,
    caData: kubeconfig.clusters[0].cluster['certificate-authority-data'],
    fqdn: cluster.fqdn!,
    credentials: {
      clientCertData: user['client-certificate-data'],
      clientKeyData: user['client-key-data'],
    },
  };
}

export { kubeConfigFor };
