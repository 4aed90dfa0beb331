import { objectAt } from './http';

const DEFAULT_KUBERNETES_VERSION = '1.33';
const DEFAULT_VM_SIZE = 'Standard_DS2_v2';

/** What AKS fills in for properties a PUT leaves out. */
export function withDefaults(
  definition: Record<string, unknown>,
  names: { resourceGroup: string; name: string; location: string },
): Record<string, unknown> {
  const properties = objectAt(definition, 'properties');
  const kubernetesVersion =
    typeof properties.kubernetesVersion === 'string'
      ? properties.kubernetesVersion
      : DEFAULT_KUBERNETES_VERSION;
  const pools = Array.isArray(properties.agentPoolProfiles)
    ? (properties.agentPoolProfiles as Record<string, unknown>[])
    : [];
  const identity =
    definition.identity ??
    (properties.servicePrincipalProfile
      ? undefined
      : { type: 'SystemAssigned' });
  return {
    ...definition,
    location: names.location,
    ...(identity ? { identity } : {}),
    sku: definition.sku ?? { name: 'Base', tier: 'Free' },
    properties: {
      ...properties,
      kubernetesVersion,
      enableRBAC: properties.enableRBAC ?? true,
      supportPlan: properties.supportPlan ?? 'KubernetesOfficial',
      nodeResourceGroup:
        properties.nodeResourceGroup ??
        `MC_${names.resourceGroup}_${names.name}_${names.location}`.slice(
          0,
          80,
        ),
      agentPoolProfiles: pools.map((pool, index) => ({
        count: 1,
        vmSize: DEFAULT_VM_SIZE,
        osType: 'Linux',
        type: 'VirtualMachineScaleSets',
        mode: index === 0 ? 'System' : 'User',
        orchestratorVersion: kubernetesVersion,
        ...pool,
      })),
      networkProfile: networkProfileWithDefaults(
        objectAt(properties, 'networkProfile'),
      ),
    },
  };
}

function networkProfileWithDefaults(
  networkProfile: Record<string, unknown>,
): Record<string, unknown> {
  const serviceCidr =
    (networkProfile.serviceCidr as string | undefined) ?? '10.0.0.0/16';
  const usesPodCidr =
    networkProfile.networkPlugin === 'kubenet' ||
    networkProfile.networkPluginMode === 'overlay';
  const podCidr =
    (networkProfile.podCidr as string | undefined) ??
    (usesPodCidr ? '10.244.0.0/16' : undefined);
  return {
    ...networkProfile,
    ...(podCidr
      ? { podCidr, podCidrs: networkProfile.podCidrs ?? [podCidr] }
      : {}),
    serviceCidr,
    serviceCidrs: networkProfile.serviceCidrs ?? [serviceCidr],
    dnsServiceIP: networkProfile.dnsServiceIP ?? dnsServiceIpFor(serviceCidr),
    outboundType: networkProfile.outboundType ?? 'loadBalancer',
    loadBalancerSku: networkProfile.loadBalancerSku ?? 'standard',
    ipFamilies: networkProfile.ipFamilies ?? ['IPv4'],
  };
}

/** AKS's convention: the tenth address of the service range (10.0.0.10 for 10.0.0.0/16). */
function dnsServiceIpFor(serviceCidr: string): string {
  const octets = serviceCidr.split('/')[0].split('.').map(Number);
  return [...octets.slice(0, 3), octets[3] + 10].join('.');
}
