import { createHash } from 'node:crypto';
import { ManagedClusterSpec } from '../clusters';
import { ClusterObjects } from './clusterObjects';
import {
  AKS_MANAGED_NODE_SUBNET,
  FIRST_USABLE_OFFSET,
  numberToIp,
  parseCidr,
} from './ipv4';
import { isJsonObject, kubeTimestamp } from './json';
import { KubeObject } from './types';

const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';

/** A BYOCNI cluster's kubelets report this until a CNI (Cilium) writes its config. */
export const CNI_NOT_READY_MESSAGE =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

const HEALTHY_PRESSURE_CONDITIONS = [
  [
    'MemoryPressure',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  [
    'PIDPressure',
    'KubeletHasSufficientPID',
    'kubelet has sufficient PID available',
  ],
] as const;

/** AKS names VM scale sets `aks-<pool>-<8 digits>-vmss`; the digits hash the cluster and pool. */
function scaleSetName(spec: ManagedClusterSpec, pool: string): string {
  const digest = createHash('sha256')
    .update(`${spec.subscriptionId}/${spec.resourceGroup}/${spec.name}/${pool}`)
    .digest();
  return `aks-${pool}-${String(digest.readUInt32BE(0) % 100_000_000).padStart(
    8,
    '0',
  )}-vmss`;
}

/** vCPUs from the size name, e.g. Standard_D4s_v5 → 4. */
function vcpusOf(vmSize: string): number {
  return Number(/^Standard_[A-Za-z]+?(\d+)/i.exec(vmSize)?.[1] ?? 2) || 2;
}

function readyCondition(ready: boolean, now: string) {
  return ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'KubeletNotReady',
        message: CNI_NOT_READY_MESSAGE,
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      };
}

function notReadyTaints(now: string) {
  return [
    { key: NOT_READY_TAINT, effect: 'NoSchedule' },
    { key: NOT_READY_TAINT, effect: 'NoExecute', timeAdded: now },
  ];
}

/** The Nodes an AKS cluster's agent pools register: NotReady, since BYOCNI leaves them without a CNI. */
export function aksNodes(spec: ManagedClusterSpec): KubeObject[] {
  const now = kubeTimestamp();
  const gitVersion = kubeletVersionOf(spec.kubernetesVersion);
  const nodeResourceGroup =
    `mc_${spec.resourceGroup}_${spec.name}_${spec.location}`.toLowerCase();
  const subnet = parseCidr(spec.nodeSubnetPrefix ?? AKS_MANAGED_NODE_SUBNET);
  let addressOffset = FIRST_USABLE_OFFSET;
  return spec.agentPools.flatMap(pool =>
    Array.from({ length: pool.count }, (_, instance) => {
      const scaleSet = scaleSetName(spec, pool.name);
      const name = `${scaleSet}${instance.toString(36).padStart(6, '0')}`;
      const vcpus = vcpusOf(pool.vmSize);
      const memoryKi = vcpus * 4 * 1024 * 1024;
      const address = numberToIp(subnet.first + addressOffset++);
      return {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: {
            agentpool: pool.name,
            'beta.kubernetes.io/arch': 'amd64',
            'beta.kubernetes.io/instance-type': pool.vmSize,
            'beta.kubernetes.io/os': 'linux',
            'kubernetes.azure.com/agentpool': pool.name,
            'kubernetes.azure.com/cluster': nodeResourceGroup.replace(
              /^mc_/,
              'MC_',
            ),
            'kubernetes.azure.com/mode': pool.mode.toLowerCase(),
            'kubernetes.azure.com/role': 'agent',
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/role': 'agent',
            'node-role.kubernetes.io/agent': '',
            'node.kubernetes.io/instance-type': pool.vmSize,
            'topology.kubernetes.io/region': spec.location,
            'topology.kubernetes.io/zone': '0',
          },
          annotations: {
            'node.alpha.kubernetes.io/ttl': '0',
            'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
          },
        },
        spec: {
          providerID: `azure:///subscriptions/${spec.subscriptionId}/resourceGroups/${nodeResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/virtualMachines/${instance}`,
          taints: notReadyTaints(now),
        },
        status: {
          addresses: [
            { type: 'InternalIP', address },
            { type: 'Hostname', address: name },
          ],
          capacity: {
            cpu: String(vcpus),
            memory: `${memoryKi}Ki`,
            pods: '250',
            'ephemeral-storage': '129886128Ki',
          },
          allocatable: {
            cpu: `${vcpus * 1000 - 100 - 40 * vcpus}m`,
            memory: `${Math.floor(memoryKi * 0.75)}Ki`,
            pods: '250',
            'ephemeral-storage': '119703055367',
          },
          conditions: [
            ...HEALTHY_PRESSURE_CONDITIONS.map(([type, reason, message]) => ({
              type,
              status: 'False',
              reason,
              message,
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            })),
            readyCondition(false, now),
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: {
            architecture: 'amd64',
            bootID: createHash('md5').update(`${name}/boot`).digest('hex'),
            containerRuntimeVersion: 'containerd://1.7.27-1',
            kernelVersion: '5.15.0-1089-azure',
            kubeProxyVersion: gitVersion,
            kubeletVersion: gitVersion,
            machineID: createHash('md5')
              .update(`${name}/machine`)
              .digest('hex'),
            operatingSystem: 'linux',
            osImage: 'Ubuntu 22.04.5 LTS',
            systemUUID: createHash('md5')
              .update(`${name}/uuid`)
              .digest('hex')
              .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
          },
        },
      };
    }),
  );
}

/** `1.33` → `v1.33.0`; `1.33.2` stays `v1.33.2`. */
export function kubeletVersionOf(kubernetesVersion: string): string {
  const parts = kubernetesVersion.replace(/^v/, '').split('.');
  while (parts.length < 3) parts.push('0');
  return `v${parts.slice(0, 3).join('.')}`;
}

/**
 * What the kubelets and node lifecycle controller do once a CNI is (or stops
 * being) ready: flip the Ready condition and add or lift the not-ready taints.
 */
export function setNodesReady(
  objects: ClusterObjects,
  ready: boolean,
  nodeNames?: string[],
): void {
  const now = kubeTimestamp();
  for (const node of objects.list({ apiVersion: 'v1', kind: 'Node' })) {
    if (nodeNames && !nodeNames.includes(node.metadata.name!)) continue;
    const status = isJsonObject(node.status) ? node.status : {};
    const conditions = Array.isArray(status.conditions)
      ? status.conditions
      : [];
    const current = conditions.find(
      condition => isJsonObject(condition) && condition.type === 'Ready',
    );
    if (current?.status === (ready ? 'True' : 'False')) continue;
    status.conditions = [
      ...conditions.filter(
        condition => !(isJsonObject(condition) && condition.type === 'Ready'),
      ),
      readyCondition(ready, now),
    ];
    const updated = objects.updateStatus<KubeObject>({ ...node, status });
    const spec = isJsonObject(updated.spec) ? updated.spec : {};
    const otherTaints = (Array.isArray(spec.taints) ? spec.taints : []).filter(
      taint => !(isJsonObject(taint) && taint.key === NOT_READY_TAINT),
    );
    spec.taints = ready
      ? otherTaints
      : [...otherTaints, ...notReadyTaints(now)];
    if ((spec.taints as unknown[]).length === 0) delete spec.taints;
    objects.update({ ...updated, spec });
  }
}
