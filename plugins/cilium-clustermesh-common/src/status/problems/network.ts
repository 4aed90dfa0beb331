import {
  cidrsOverlap,
  CidrBlock,
  isCidrBlock,
  parseCidr,
} from '../../rules/cidr';
import { kubectlCommand } from '../commands';
import type { MeshProblem } from '../meshStatus';
import { meshProblem, ProblemContext } from './problem';

interface ClusterCidrs {
  cluster: string;
  blocks: CidrBlock[];
}

function firstOverlap(
  a: ClusterCidrs,
  b: ClusterCidrs,
): [CidrBlock, CidrBlock] | undefined {
  for (const left of a.blocks) {
    for (const right of b.blocks) {
      if (cidrsOverlap(left, right)) {
        return [left, right];
      }
    }
  }
  return undefined;
}

export function detectOverlappingPodCidrs({
  index,
}: ProblemContext): MeshProblem[] {
  const clusters: ClusterCidrs[] = index.clusters
    .filter(cluster => cluster.cilium)
    .map(cluster => ({
      cluster: cluster.name,
      blocks: cluster
        .cilium!.config.podCidrs.map(text => parseCidr(text, 'podCidrs'))
        .filter(isCidrBlock),
    }));
  const problems: MeshProblem[] = [];
  for (let i = 0; i < clusters.length; i++) {
    for (let j = i + 1; j < clusters.length; j++) {
      const overlap = firstOverlap(clusters[i], clusters[j]);
      if (!overlap) {
        continue;
      }
      const [a, b] = [clusters[i].cluster, clusters[j].cluster];
      problems.push(
        meshProblem('overlapping-pod-cidrs', 'error', [a, b], {
          title: `Pod CIDRs of ${a} (${overlap[0].text}) and ${b} (${overlap[1].text}) overlap`,
          explanation:
            'ClusterMesh routes pod traffic between clusters by address, so every cluster needs its own pod range. With overlapping ranges two pods can get the same IP, and traffic meant for one reaches the other or is dropped. cilium-cli does not check this.',
          remediation: `Move ${b} to a pod range no other cluster, VNet or service CIDR uses (ipam.operator.clusterPoolIPv4PodCIDRList); existing pods keep their old addresses until they are recreated.`,
        }),
      );
    }
  }
  return problems;
}

export function detectApiserverWithoutAddress({
  index,
}: ProblemContext): MeshProblem[] {
  return index.clusters
    .filter(cluster => {
      const apiserver = cluster.cilium?.clustermeshApiserver;
      return (
        apiserver?.serviceType === 'LoadBalancer' &&
        apiserver.addresses.length === 0
      );
    })
    .map(cluster =>
      meshProblem('apiserver-no-address', 'error', [cluster.name], {
        title: `The clustermesh-apiserver of ${cluster.name} has no load-balancer address`,
        explanation: `Peers dial ${cluster.name}'s clustermesh-apiserver through its LoadBalancer Service, which has no ingress address yet, so no cluster can sync from ${cluster.name} (cilium-cli: "unable to derive service IPs automatically"). On AKS this usually means the internal load balancer could not be created.`,
        remediation:
          "Read the Service events: check the service.beta.kubernetes.io/azure-load-balancer-internal annotation, the subnet it names, free IPs in that subnet, and the cluster identity's Network Contributor role on it.",
        command: kubectlCommand(
          cluster.name,
          '-n kube-system describe service clustermesh-apiserver',
        ),
      }),
    );
}

export const networkDetectors = [
  detectOverlappingPodCidrs,
  detectApiserverWithoutAddress,
];
