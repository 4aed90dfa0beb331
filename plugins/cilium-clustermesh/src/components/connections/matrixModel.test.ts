import type {
  ConnectionLayer,
  ConnectionState,
  MeshConnection,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  connectionKey,
  filterRows,
  findConnection,
  indexConnections,
  matrixCell,
  sourcesWithProblems,
} from './matrixModel';

function layer(ready: number, total: number): ConnectionLayer {
  return {
    total,
    configured: total,
    ready,
    unreadable: 0,
    failures: 0,
    notReadyPods: [],
  };
}

function connection(
  from: string,
  to: string,
  state: ConnectionState,
  layers: Pick<MeshConnection, 'agents' | 'kvstoremesh'> = {},
): MeshConnection {
  return { from, to, configured: state !== 'unconfigured', state, ...layers };
}

describe('connectionKey', () => {
  it('keeps pairs apart whose names run together', () => {
    expect(connectionKey('a', 'bc')).not.toBe(connectionKey('ab', 'c'));
    expect(connectionKey('a', 'b')).not.toBe(connectionKey('b', 'a'));
  });
});

describe('indexConnections', () => {
  it('finds each direction by its own key and nothing for a missing pair', () => {
    const forward = connection('cluster1', 'cluster2', 'connected');
    const backward = connection('cluster2', 'cluster1', 'disconnected');
    const lookup = indexConnections([forward, backward]);
    expect(findConnection(lookup, 'cluster1', 'cluster2')).toBe(forward);
    expect(findConnection(lookup, 'cluster2', 'cluster1')).toBe(backward);
    expect(findConnection(lookup, 'cluster1', 'cluster3')).toBeUndefined();
  });
});

describe('matrixCell', () => {
  it.each<{
    name: string;
    from: string;
    to: string;
    connection?: MeshConnection;
    expected: ReturnType<typeof matrixCell>;
  }>([
    {
      name: 'the diagonal',
      from: 'cluster1',
      to: 'cluster1',
      expected: { kind: 'self', text: '—', label: 'cluster1 to itself' },
    },
    {
      name: 'a pair without a connection',
      from: 'cluster1',
      to: 'cluster4',
      expected: {
        kind: 'missing',
        text: 'No link',
        label: 'cluster1 to cluster4: No link',
      },
    },
    {
      name: 'a ready connection with both layers',
      from: 'cluster1',
      to: 'cluster2',
      connection: connection('cluster1', 'cluster2', 'connected', {
        agents: layer(3, 3),
        kvstoremesh: layer(1, 1),
      }),
      expected: {
        kind: 'connection',
        state: 'connected',
        glyph: '✓',
        word: 'Ready',
        agents: 'agents 3/3',
        kvstoremesh: 'KVStoreMesh 1/1',
        label:
          'cluster1 to cluster2: Ready, agents 3/3 ready, KVStoreMesh 1/1 ready',
      },
    },
    {
      name: 'a degraded connection',
      from: 'cluster3',
      to: 'cluster1',
      connection: connection('cluster3', 'cluster1', 'degraded', {
        agents: layer(2, 3),
        kvstoremesh: layer(1, 1),
      }),
      expected: {
        kind: 'connection',
        state: 'degraded',
        glyph: '!',
        word: 'Degraded',
        agents: 'agents 2/3',
        kvstoremesh: 'KVStoreMesh 1/1',
        label:
          'cluster3 to cluster1: Degraded, agents 2/3 ready, KVStoreMesh 1/1 ready',
      },
    },
    {
      name: 'a down connection without KVStoreMesh',
      from: 'cluster1',
      to: 'cluster2',
      connection: connection('cluster1', 'cluster2', 'disconnected', {
        agents: layer(0, 3),
      }),
      expected: {
        kind: 'connection',
        state: 'disconnected',
        glyph: '✕',
        word: 'Down',
        agents: 'agents 0/3',
        label: 'cluster1 to cluster2: Down, agents 0/3 ready',
      },
    },
    {
      name: 'an unconfigured direction',
      from: 'cluster3',
      to: 'cluster1',
      connection: connection('cluster3', 'cluster1', 'unconfigured', {
        agents: layer(0, 3),
      }),
      expected: {
        kind: 'connection',
        state: 'unconfigured',
        glyph: '–',
        word: 'Not configured',
        agents: 'agents 0/3',
        label: 'cluster3 to cluster1: Not configured, agents 0/3 ready',
      },
    },
    {
      name: 'an unreadable source without any layer',
      from: 'cluster2',
      to: 'cluster1',
      connection: connection('cluster2', 'cluster1', 'unknown'),
      expected: {
        kind: 'connection',
        state: 'unknown',
        glyph: '?',
        word: 'Unknown',
        label: 'cluster2 to cluster1: Unknown',
      },
    },
  ])('describes $name', ({ from, to, connection: c, expected }) => {
    expect(matrixCell(from, to, c)).toEqual(expected);
  });
});

describe('sourcesWithProblems', () => {
  it('names each source with a connection that is not Ready, once', () => {
    const sources = sourcesWithProblems([
      connection('a', 'b', 'connected'),
      connection('b', 'a', 'degraded'),
      connection('b', 'c', 'disconnected'),
      connection('c', 'a', 'unknown'),
      connection('d', 'a', 'unconfigured'),
    ]);
    expect([...sources].sort()).toEqual(['b', 'c', 'd']);
  });
});

describe('filterRows', () => {
  const clusters = ['aks-001', 'aks-010', 'AKS-100', 'gke-001'];
  const problems = new Set(['aks-010', 'gke-001']);

  it.each([
    { text: '', onlyProblems: false, rows: clusters },
    {
      text: 'aks',
      onlyProblems: false,
      rows: ['aks-001', 'aks-010', 'AKS-100'],
    },
    { text: '  Aks-1 ', onlyProblems: false, rows: ['AKS-100'] },
    { text: '001', onlyProblems: false, rows: ['aks-001', 'gke-001'] },
    { text: '', onlyProblems: true, rows: ['aks-010', 'gke-001'] },
    { text: 'aks', onlyProblems: true, rows: ['aks-010'] },
    { text: 'eks', onlyProblems: false, rows: [] },
  ])(
    'text "$text", only problems $onlyProblems → $rows',
    ({ text, onlyProblems, rows }) => {
      expect(filterRows(clusters, { text, onlyProblems }, problems)).toEqual(
        rows,
      );
    },
  );
});
