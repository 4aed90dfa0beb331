import { randomBytes, randomUUID } from 'node:crypto';
import { LabCluster, ManagedClusterSpec } from '../clusters';
import type { SubnetLookup } from './aksSubnetRules';
import { swaggerVersionFor } from './apiVersions';
import { isJsonObject, objectAt } from './http';
import { AsyncOperation } from './operations';
import { projectOntoSchema } from './projection';
import { managedClusterSchema } from './swagger';

export const MANAGED_CLUSTER_TYPE =
  'Microsoft.ContainerService/managedClusters';
/** The casing AKS uses in the `type` of its responses. */
const MANAGED_CLUSTER_RESPONSE_TYPE =
  'Microsoft.ContainerService/ManagedClusters';
const NODE_IMAGE_VERSION = 'AKSUbuntu-2204gen2containerd-202605.01.0';

/** Values AKS generates once, when the cluster is created. */
interface GeneratedValues {
  fqdnSuffix: string;
  resourceUID: string;
  principalId: string;
  kubeletClientId: string;
  kubeletObjectId: string;
  createdAt: Date;
}

export interface ManagedClusterRecord {
  resourceGroup: string;
  name: string;
  location: string;
  /** The resource as clients defined it (envelope and `properties`), AKS defaults filled in. */
  definition: Record<string, unknown>;
  generated: GeneratedValues;
  provisioningState: string;
  eTag: string;
  lastModifiedAt: Date;
  operation?: AsyncOperation;
  labCluster?: LabCluster;
  /** Set once the resource is gone, so late provisioning work cleans up after itself. */
  removed: boolean;
}

export function generateValues(): GeneratedValues {
  return {
    fqdnSuffix: randomBytes(4).toString('hex'),
    resourceUID: randomBytes(12).toString('hex'),
    principalId: randomUUID(),
    kubeletClientId: randomUUID(),
    kubeletObjectId: randomUUID(),
    createdAt: new Date(),
  };
}

/** `1.33` → `1.33.0`; a full version stays as it is. */
function patchVersion(version: string): string {
  return /^\d+\.\d+$/.test(version) ? `${version}.0` : version;
}

function fqdnOf(record: ManagedClusterRecord, portal = false): string {
  const dnsPrefix = String(
    objectAt(record.definition, 'properties').dnsPrefix ?? record.name,
  );
  return `${dnsPrefix}-${record.generated.fqdnSuffix}.${
    portal ? 'portal.' : ''
  }hcp.${record.location}.azmk8s.io`.toLowerCase();
}

export function resourceIdOf(
  record: ManagedClusterRecord,
  subscriptionId: string,
): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${record.resourceGroup}/providers/${MANAGED_CLUSTER_TYPE}/${record.name}`;
}

/** The resource as a GET at `apiVersion` returns it: definition plus server-computed values, cut to that version's schema. */
export function renderManagedCluster(
  record: ManagedClusterRecord,
  context: { subscriptionId: string; tenantId: string },
  apiVersion: string,
): unknown {
  const properties = objectAt(record.definition, 'properties');
  const currentKubernetesVersion = patchVersion(
    String(properties.kubernetesVersion),
  );
  const nodeResourceGroup = String(properties.nodeResourceGroup);
  const pools = (properties.agentPoolProfiles as Record<string, unknown>[]).map(
    pool => ({
      ...pool,
      provisioningState: record.provisioningState,
      powerState: { code: 'Running' },
      currentOrchestratorVersion: patchVersion(
        String(pool.orchestratorVersion),
      ),
      nodeImageVersion: NODE_IMAGE_VERSION,
    }),
  );
  const view = {
    ...record.definition,
    id: resourceIdOf(record, context.subscriptionId),
    name: record.name,
    type: MANAGED_CLUSTER_RESPONSE_TYPE,
    eTag: record.eTag,
    identity: identityView(record, context.tenantId),
    systemData: {
      createdAt: record.generated.createdAt.toISOString(),
      createdByType: 'Application',
      lastModifiedAt: record.lastModifiedAt.toISOString(),
      lastModifiedByType: 'Application',
    },
    properties: {
      ...properties,
      provisioningState: record.provisioningState,
      powerState: { code: 'Running' },
      maxAgentPools: 100,
      currentKubernetesVersion,
      fqdn: fqdnOf(record),
      azurePortalFQDN: fqdnOf(record, true),
      resourceUID: record.generated.resourceUID,
      agentPoolProfiles: pools,
      identityProfile: {
        kubeletidentity: {
          resourceId: `/subscriptions/${context.subscriptionId}/resourcegroups/${nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${record.name}-agentpool`,
          clientId: record.generated.kubeletClientId,
          objectId: record.generated.kubeletObjectId,
        },
      },
      ...(record.definition.identity
        ? { servicePrincipalProfile: { clientId: 'msi' } }
        : {}),
    },
  };
  return projectOntoSchema(
    view,
    managedClusterSchema(swaggerVersionFor(apiVersion)),
  );
}

function identityView(
  record: ManagedClusterRecord,
  tenantId: string,
): Record<string, unknown> | undefined {
  const identity = record.definition.identity;
  if (!isJsonObject(identity)) return undefined;
  if (identity.type === 'SystemAssigned') {
    return { ...identity, principalId: record.generated.principalId, tenantId };
  }
  const assigned = objectAt(identity, 'userAssignedIdentities');
  return {
    ...identity,
    userAssignedIdentities: Object.fromEntries(
      Object.keys(assigned).map(id => [
        id,
        {
          principalId: record.generated.principalId,
          clientId: record.generated.kubeletClientId,
        },
      ]),
    ),
  };
}

/** What the cluster factory is told when the create operation provisions the cluster. */
export function clusterSpecOf(
  record: ManagedClusterRecord,
  subscriptionId: string,
  subnets?: SubnetLookup,
): ManagedClusterSpec {
  const properties = objectAt(record.definition, 'properties');
  const pools = properties.agentPoolProfiles as Record<string, unknown>[];
  const subnetId = pools.find(pool => typeof pool.vnetSubnetID === 'string')
    ?.vnetSubnetID as string | undefined;
  const networkProfile = objectAt(properties, 'networkProfile');
  const kubeProxyConfig = networkProfile.kubeProxyConfig;
  return {
    subscriptionId,
    resourceGroup: record.resourceGroup,
    name: record.name,
    location: record.location,
    kubernetesVersion: patchVersion(String(properties.kubernetesVersion)),
    fqdn: fqdnOf(record),
    nodeSubnetPrefix: subnetId ? subnetPrefixOf(subnetId, subnets) : undefined,
    agentPools: pools.map(pool => ({
      name: String(pool.name),
      count: Number(pool.count),
      vmSize: String(pool.vmSize),
      mode: String(pool.mode),
    })),
    networkProfile: {
      networkPlugin: networkProfile.networkPlugin as string | undefined,
      podCidr: networkProfile.podCidr as string | undefined,
      serviceCidr: networkProfile.serviceCidr as string | undefined,
      dnsServiceIP: networkProfile.dnsServiceIP as string | undefined,
      // The kube-proxy DaemonSet is deployed unless `enabled: false` (configure-kube-proxy.md).
      kubeProxyEnabled: isJsonObject(kubeProxyConfig)
        ? kubeProxyConfig.enabled !== false
        : undefined,
    },
  };
}

/** The address range the nodes (and internal load balancers) of a BYO-subnet cluster draw from. */
function subnetPrefixOf(
  subnetId: string,
  subnets: SubnetLookup | undefined,
): string | undefined {
  const subnetName = subnetId.split('/').pop()?.toLowerCase();
  return subnets
    ?.virtualNetworkOfSubnet(subnetId)
    ?.subnets.find(subnet => subnet.name.toLowerCase() === subnetName)
    ?.blocks[0]?.text;
}
