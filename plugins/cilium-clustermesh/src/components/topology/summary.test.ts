import type {
  ClusterStatus,
  MeshConnection,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { layoutGraph } from './layout';
import { describeGraph, graphNotes } from './summary';

function mesh(count: number, drop?: (from: string, to: string) => boolean) {
  const names = Array.from({ length: count }, (_, i) => `c${i + 1}`);
  const clusters: ClusterStatus[] = names.map(name => ({
    name,
    health: 'healthy',
    observedAt: '2026-06-01T11:59:30.000Z',
    warnings: [],
    configuredPeers: [],
  }));
  const connections: MeshConnection[] = names.flatMap(from =>
    names
      .filter(to => to !== from && !drop?.(from, to))
      .map(to => ({ from, to, configured: true, state: 'connected' as const })),
  );
  return { clusters, connections };
}

describe('describeGraph and graphNotes', () => {
  it.each([
    {
      scenario: 'three healthy clusters',
      ...mesh(3),
      focus: undefined,
      description: '3 clusters, 6 connections: 6 Ready',
      notes: [],
    },
    {
      scenario: 'one direction missing',
      ...mesh(3, (from, to) => from === 'c2' && to === 'c3'),
      focus: undefined,
      description:
        '3 clusters, 5 connections: 5 Ready; 1 direction with no link',
      notes: [],
    },
    {
      scenario: 'a mesh of twelve',
      ...mesh(12),
      focus: undefined,
      description: '12 clusters, 132 connections: 132 Ready',
      notes: [
        'Ready arrows are labelled only when pointed at or focused, so the others stay readable.',
      ],
    },
    {
      scenario: 'a healthy mesh above the limit',
      ...mesh(30),
      focus: undefined,
      description:
        '30 clusters, 870 connections: 870 Ready. Drawn on their own: 0 clusters; the other 30 clusters are grouped.',
      notes: [
        'All 30 clusters are healthy and every link is Ready, so they are drawn as one box. The connection matrix lists every pair.',
      ],
    },
    {
      scenario: 'a large mesh seen from one cluster',
      ...mesh(30, (from, to) => from === 'c5' && to === 'c6'),
      focus: 'c1',
      description:
        '30 clusters, 869 connections: 869 Ready; 1 direction with no link. Drawn on their own: 3 clusters; the other 27 clusters are grouped.',
      notes: [
        'Showing 3 of 30 clusters: this cluster and those that need attention, worst first. The other 27 are drawn as one box. The connection matrix lists every pair.',
      ],
    },
  ])('$scenario', ({ clusters, connections, focus, description, notes }) => {
    const layout = layoutGraph(clusters, connections, { focus });
    expect(describeGraph(layout)).toBe(description);
    expect(graphNotes(layout)).toEqual(notes);
  });
});
