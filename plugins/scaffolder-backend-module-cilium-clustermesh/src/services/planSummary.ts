import {
  isSpokeVnet,
  MeshProvisioningPlan,
} from '@meshportal/plugin-cilium-clustermesh-common';

/** One line per cluster, for the task log and the template's output. */
export function planSummary(plan: MeshProvisioningPlan): string {
  const lines = plan.clusters.map(cluster => {
    const network = isSpokeVnet(cluster.network)
      ? `spoke ${cluster.network.addressPrefix}`
      : `subnet ${cluster.network.subnetId.split('/').pop()}`;
    return `${cluster.aksName} (${cluster.resourceGroup}): Cilium ${cluster.ciliumName} id ${cluster.clusterId}, pods ${cluster.podCidr}, services ${cluster.serviceCidr}, ${network}`;
  });
  if (plan.hub) {
    lines.push(
      `hub ${plan.hub.hubName} (${plan.hub.resourceGroup}): ${plan.hub.addressPrefix}`,
    );
  }
  return lines.join('\n');
}
