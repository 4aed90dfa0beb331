import type {
  GlobalServiceInCluster,
  ServiceRouting,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  makeUnreachable,
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import {
  clusterChipText,
  clusterEntryKind,
  routingLine,
  routingNeedsAttention,
} from './serviceText';

const entry = (
  change: Partial<GlobalServiceInCluster> = {},
): GlobalServiceInCluster => ({
  cluster: 'cluster1',
  present: true,
  global: true,
  shared: true,
  affinity: 'local',
  readyBackends: 2,
  namespaceGlobal: true,
  ...change,
});

describe('clusterChipText', () => {
  it.each<[string, Partial<GlobalServiceInCluster>, string, string]>([
    ['exported', {}, 'cluster1: 2 ready · shared · affinity local', 'exported'],
    [
      'not shared, no affinity',
      { shared: false, affinity: 'none', readyBackends: 1 },
      'cluster1: 1 ready · not shared · no affinity',
      'local-only',
    ],
    [
      'namespace not global',
      { affinity: 'remote', namespaceGlobal: false },
      'cluster1: 2 ready · shared · affinity remote · namespace not global',
      'local-only',
    ],
    ['not global', { global: false }, 'cluster1: not global', 'local-only'],
    ['absent', { present: false }, 'cluster1: not present', 'local-only'],
    [
      'unreadable',
      { unknown: true, present: false, global: false },
      'cluster1: unknown (unreachable)',
      'unknown',
    ],
  ])('%s', (_, change, text, kind) => {
    expect(clusterChipText(entry(change))).toBe(text);
    expect(clusterEntryKind(entry(change))).toBe(kind);
  });
});

describe('routingLine', () => {
  const routing = (servedBy: ServiceRouting['servedBy']): ServiceRouting => ({
    from: 'cluster2',
    servedBy,
    reason: '',
  });
  it.each<[string, ServiceRouting['servedBy'], string, boolean]>([
    [
      'one remote cluster',
      [{ cluster: 'cluster3', backends: 2, linkReady: true }],
      'clients in cluster2 → cluster3 (2 backends)',
      false,
    ],
    [
      'local and remote, one backend',
      [
        { cluster: 'cluster2', backends: 1 },
        { cluster: 'cluster3', backends: 4, linkReady: true },
      ],
      'clients in cluster2 → cluster2 (1 backend), cluster3 (4 backends)',
      false,
    ],
    [
      'a link that is not ready',
      [
        { cluster: 'cluster1', backends: 2, linkReady: true },
        { cluster: 'cluster3', backends: 2, linkReady: false },
      ],
      'clients in cluster2 → cluster1 (2 backends), cluster3 (2 backends) (link not ready)',
      true,
    ],
    ['nobody', [], 'clients in cluster2 → no backends', true],
    [
      'only empty backends',
      [{ cluster: 'cluster2', backends: 0 }],
      'clients in cluster2 → cluster2 (0 backends)',
      true,
    ],
  ])('%s', (_, servedBy, line, attention) => {
    expect(routingLine(routing(servedBy))).toBe(line);
    expect(routingNeedsAttention(routing(servedBy))).toBe(attention);
  });

  it('words what buildGlobalServices computes for the seed mesh', () => {
    const [service] = meshFixture('lab-mesh', seed()).globalServices;
    expect(service.routing.map(routingLine)).toEqual([
      'clients in cluster1 → cluster1 (2 backends), cluster2 (2 backends), cluster3 (2 backends)',
      'clients in cluster2 → cluster3 (2 backends)',
      'clients in cluster3 → cluster2 (2 backends), cluster3 (2 backends)',
    ]);
    expect(service.clusters.map(clusterChipText)).toEqual([
      'cluster1: 2 ready · not shared · no affinity',
      'cluster2: 2 ready · shared · affinity remote',
      'cluster3: 2 ready · shared · no affinity',
    ]);
  });

  it('marks the link down and the unreadable cluster in the seed scenarios', () => {
    const [down] = meshFixture(
      'lab-mesh',
      seed({
        cluster2: (_, c) => {
          markNotReady(c.agentViews, 'cluster3');
          markNotReady(c.kvstoremeshViews, 'cluster3');
        },
      }),
    ).globalServices;
    expect(routingLine(down.routing[1])).toBe(
      'clients in cluster2 → cluster3 (2 backends) (link not ready)',
    );
    const [unreachable] = meshFixture(
      'lab-mesh',
      seed({ cluster2: makeUnreachable }),
    ).globalServices;
    expect(unreachable.clusters.map(clusterChipText)).toEqual([
      'cluster1: 2 ready · not shared · no affinity',
      'cluster2: unknown (unreachable)',
      'cluster3: 2 ready · shared · no affinity',
    ]);
    expect(unreachable.routing.map(routingLine)).toEqual([
      'clients in cluster1 → cluster1 (2 backends), cluster3 (2 backends)',
      'clients in cluster3 → cluster3 (2 backends)',
    ]);
  });
});
