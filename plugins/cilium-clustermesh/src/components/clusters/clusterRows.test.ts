import {
  ClusterChange,
  makeUnreachable,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import {
  ClusterRow,
  compareHealth,
  isFocusRow,
  toClusterRow,
} from './clusterRows';

function rowOfCluster2(change?: ClusterChange): ClusterRow {
  const { detail } = meshFixture(
    'lab-mesh',
    seed(change ? { cluster2: change } : {}),
  );
  return toClusterRow(detail.clusters.find(c => c.name === 'cluster2')!);
}

describe('toClusterRow', () => {
  it('describes a healthy seed cluster', () => {
    expect(rowOfCluster2()).toEqual({
      name: 'cluster2',
      health: 'healthy',
      problem: undefined,
      clusterId: '2',
      version: '1.20.0',
      agents: '3/3 ready',
      routing: 'tunnel (vxlan)',
      kubeProxyReplacement: 'On',
      encryption: 'Off',
      podCidrs: '10.2.0.0/16',
      apiserverAddress: '172.21.11.200:2379',
      apiserverState: '1/1 ready, KVStoreMesh on',
      agentsReadyShare: 1,
      clusterIdNumber: 2,
    });
  });

  it.each<[string, ClusterChange, Partial<ClusterRow>]>([
    [
      'an unreachable cluster',
      makeUnreachable,
      {
        health: 'down',
        problem: 'dial tcp 10.0.0.1:443: i/o timeout',
        clusterId: '—',
        version: '—',
        agents: '—',
        apiserverAddress: '—',
        apiserverState: '',
      },
    ],
    [
      'a cluster without Cilium',
      o => {
        delete o.cilium;
      },
      { problem: 'Cilium is not installed (no cilium-config)', version: '—' },
    ],
    [
      'another Cilium name',
      (_, c) => {
        c.config.clusterName = 'aks-weu-2';
      },
      { ciliumName: 'aks-weu-2' },
    ],
    [
      'native routing, WireGuard, strict kube-proxy replacement',
      (_, c) => {
        c.config.routingMode = 'native';
        delete c.config.tunnelProtocol;
        c.config.encryption = 'wireguard';
        c.config.kubeProxyReplacement = 'strict';
      },
      {
        routing: 'native',
        encryption: 'WireGuard',
        kubeProxyReplacement: 'strict',
      },
    ],
    [
      'IPsec without kube-proxy replacement or routing mode',
      (_, c) => {
        delete c.config.routingMode;
        c.config.encryption = 'ipsec';
        c.config.kubeProxyReplacement = 'false';
      },
      { routing: 'Not set', encryption: 'IPsec', kubeProxyReplacement: 'Off' },
    ],
    [
      'two agents of three and two pod CIDRs',
      (_, c) => {
        c.agents.ready = 2;
        c.config.podCidrs = ['10.2.0.0/16', '10.102.0.0/16'];
      },
      {
        agents: '2/3 ready',
        podCidrs: '10.2.0.0/16, 10.102.0.0/16',
        agentsReadyShare: 2 / 3,
      },
    ],
    [
      'no cluster ID',
      (_, c) => {
        delete c.config.clusterId;
      },
      { clusterId: 'Not set' },
    ],
    [
      'a clustermesh-apiserver waiting for its address, without KVStoreMesh',
      (_, c) => {
        c.clustermeshApiserver!.addresses = [];
        c.clustermeshApiserver!.ready = 0;
        c.clustermeshApiserver!.kvstoremesh = false;
      },
      {
        apiserverAddress: 'No address yet',
        apiserverState: '0/1 ready, KVStoreMesh off',
      },
    ],
    [
      'no clustermesh-apiserver',
      (_, c) => {
        delete c.clustermeshApiserver;
      },
      { apiserverAddress: 'Not deployed', apiserverState: '' },
    ],
  ])('describes %s', (_, change, expected) => {
    expect(rowOfCluster2(change)).toMatchObject(expected);
  });

  it('leaves out the Cilium name when it equals the mesh name', () => {
    expect(rowOfCluster2()).not.toHaveProperty('ciliumName');
  });
});

describe('isFocusRow', () => {
  const row = rowOfCluster2((_, c) => {
    c.config.clusterName = 'aks-weu-2';
  });
  it.each<[string | undefined, boolean]>([
    ['cluster2', true],
    ['aks-weu-2', true],
    ['cluster1', false],
    [undefined, false],
  ])('focus %s → %s', (focus, expected) => {
    expect(isFocusRow(row, focus)).toBe(expected);
  });
});

describe('compareHealth', () => {
  it('puts down before healthy', () => {
    const down = rowOfCluster2(makeUnreachable);
    const healthy = rowOfCluster2();
    expect([healthy, down].sort(compareHealth).map(r => r.health)).toEqual([
      'down',
      'healthy',
    ]);
  });
});
