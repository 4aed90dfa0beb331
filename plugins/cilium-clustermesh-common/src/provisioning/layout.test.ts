import { checkClusterName } from '../rules/clusterIdentity';
import { checkAksClusterName, checkResourceGroupName } from './aksRules';
import { MeshLayout, MeshLayoutInput, proposeMeshLayout } from './layout';
import { checkProvisioningPlan } from './provisioningPlan';
import { MeshProvisioningPlan } from './types';

const chartVersions = ['1.16.19', '1.19.6', '1.20.0'];

/** The proposal completed with the form's other answers, as the action would. */
function planFrom(
  mesh: string,
  layout: MeshLayout,
  maxConnectedClusters: 255 | 511 = 255,
): MeshProvisioningPlan {
  return {
    mesh,
    outboundType: 'loadBalancer',
    hub: {
      resourceGroup: `rg-${mesh}-hub`,
      location: 'westeurope',
      virtualWanName: `vwan-${mesh}`,
      hubName: `vhub-${mesh}`,
      addressPrefix: layout.hub.addressPrefix,
    },
    cilium: {
      chartVersion: '1.20.0',
      maxConnectedClusters,
      hubble: true,
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      encryption: 'wireguard',
    },
    clusters: layout.clusters.map(cluster => ({
      ...cluster,
      location: 'westeurope',
      nodeCount: 3,
      vmSize: 'Standard_D4s_v5',
      kubernetesVersion: '1.33',
    })),
  };
}

function propose(change: Partial<MeshLayoutInput> = {}): MeshLayout {
  return proposeMeshLayout({
    mesh: 'ciliumlab',
    clusterCount: 3,
    location: 'westeurope',
    ...change,
  });
}

describe('proposeMeshLayout', () => {
  it('extends the seed layout', () => {
    expect(propose()).toEqual({
      hub: { addressPrefix: '172.21.0.0/24' },
      clusters: [1, 2, 3].map(n => ({
        aksName: `aks-ciliumlab-${n}`,
        resourceGroup: `rg-ciliumlab-${n}`,
        ciliumName: `ciliumlab-${n}`,
        clusterId: n,
        podCidr: `10.${n}.0.0/16`,
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
        network: {
          vnetName: `vnet-aks-ciliumlab-${n}`,
          addressPrefix: `172.21.${9 + n}.0/24`,
        },
      })),
    });
  });

  it.each([[2], [3], [16], [255]])(
    'proposes %i clusters that pass checkProvisioningPlan',
    count => {
      const layout = propose({ clusterCount: count });
      expect(layout.clusters).toHaveLength(count);
      expect(
        checkProvisioningPlan(planFrom('ciliumlab', layout), { chartVersions }),
      ).toEqual([]);
    },
  );

  it('continues the spokes past 172.21.255.0/24 without reaching reserved space', () => {
    const { clusters } = propose({ clusterCount: 255 });
    expect(clusters[245].network).toEqual({
      vnetName: 'vnet-aks-ciliumlab-246',
      addressPrefix: '172.21.255.0/24',
    });
    expect(clusters[246].network).toMatchObject({
      addressPrefix: '172.22.0.0/24',
    });
    expect(clusters[254]).toMatchObject({
      clusterId: 255,
      podCidr: '10.255.0.0/16',
      network: { addressPrefix: '172.22.8.0/24' },
    });
  });

  it('proposes 268 clusters that pass with maxConnectedClusters 511', () => {
    const layout = propose({ clusterCount: 268 });
    expect(layout.clusters[255]).toMatchObject({
      clusterId: 256,
      podCidr: '172.16.0.0/16',
    });
    expect(
      checkProvisioningPlan(planFrom('ciliumlab', layout, 511), {
        chartVersions,
      }),
    ).toEqual([]);
  });

  it('says so when the address space runs out', () => {
    expect(() => propose({ clusterCount: 269 })).toThrow(
      /No free \/16 left for pod ranges/,
    );
  });

  it.each([[-1], [1.5], [512], [NaN]])(
    'refuses a cluster count of %d',
    clusterCount => {
      expect(() => propose({ clusterCount })).toThrow(
        /clusterCount is a whole number from 0 to 511/,
      );
    },
  );

  it('joins an existing mesh without reusing its ids, ranges or names', () => {
    const existing = {
      clusterIds: [1, 2, 3],
      podCidrs: ['10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16'],
      vnetPrefixes: [
        '172.21.0.0/24',
        '172.21.10.0/24',
        '172.21.11.0/24',
        '172.21.12.0/24',
      ],
      names: ['ciliumlab-4', 'aks-ciliumlab-1'],
    };
    const layout = propose({ clusterCount: 2, existing });
    expect(layout.clusters.map(c => c.clusterId)).toEqual([4, 5]);
    expect(layout.clusters.map(c => c.podCidr)).toEqual([
      '10.4.0.0/16',
      '10.5.0.0/16',
    ]);
    expect(layout.clusters.map(c => c.network)).toEqual([
      { vnetName: 'vnet-aks-ciliumlab-5', addressPrefix: '172.21.13.0/24' },
      { vnetName: 'vnet-aks-ciliumlab-6', addressPrefix: '172.21.14.0/24' },
    ]);
    // ciliumlab-4 is taken, so cluster 4 is named -5 and cluster 5 moves on to -6.
    expect(layout.clusters.map(c => c.ciliumName)).toEqual([
      'ciliumlab-5',
      'ciliumlab-6',
    ]);
    // The existing hub keeps 172.21.0.0/24; the proposal's own is a fallback.
    expect(layout.hub.addressPrefix).toBe('172.16.0.0/24');
  });

  it('moves around taken preferred ranges without stealing later preferences', () => {
    const layout = propose({
      clusterCount: 3,
      existing: {
        clusterIds: [],
        podCidrs: ['10.1.0.0/16'],
        vnetPrefixes: ['172.21.11.0/24'],
        names: [],
        serviceCidrs: ['10.0.0.0/16'],
      },
    });
    expect(layout.clusters.map(c => [c.podCidr, c.network])).toEqual([
      [
        '10.4.0.0/16',
        expect.objectContaining({ addressPrefix: '172.21.10.0/24' }),
      ],
      [
        '10.2.0.0/16',
        expect.objectContaining({ addressPrefix: '172.16.0.0/24' }),
      ],
      [
        '10.3.0.0/16',
        expect.objectContaining({ addressPrefix: '172.21.12.0/24' }),
      ],
    ]);
  });

  it('moves the service range when existing pods use 10.0.0.0/16', () => {
    const layout = propose({
      clusterCount: 2,
      existing: {
        clusterIds: [9],
        podCidrs: ['10.0.0.0/16'],
        vnetPrefixes: [],
        names: [],
      },
    });
    expect(
      layout.clusters.map(c => [c.serviceCidr, c.dnsServiceIP, c.podCidr]),
    ).toEqual([
      ['10.3.0.0/16', '10.3.0.10', '10.1.0.0/16'],
      ['10.3.0.0/16', '10.3.0.10', '10.2.0.0/16'],
    ]);
  });

  it('starts at firstClusterId and uses namePrefix for names', () => {
    const layout = propose({
      clusterCount: 2,
      firstClusterId: 10,
      namePrefix: 'lab',
    });
    expect(
      layout.clusters.map(c => [c.clusterId, c.aksName, c.ciliumName]),
    ).toEqual([
      [10, 'aks-lab-10', 'lab-10'],
      [11, 'aks-lab-11', 'lab-11'],
    ]);
  });

  it.each([
    ['m'.repeat(63)],
    ['Payments EU'],
    ['a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z'],
    ['___'],
  ])('shortens and cleans names derived from %j', mesh => {
    const layout = propose({ mesh, clusterCount: 12 });
    const names = layout.clusters.map(c => c.ciliumName);
    expect(new Set(names).size).toBe(12);
    layout.clusters.forEach((c, i) => {
      expect(checkClusterName(c.ciliumName, 'ciliumName')).toEqual([]);
      expect(checkAksClusterName(c.aksName, 'aksName')).toEqual([]);
      expect(checkResourceGroupName(c.resourceGroup, 'rg')).toEqual([]);
      expect(c.ciliumName.endsWith(`-${i + 1}`)).toBe(true);
    });
  });
});
