import type {
  GlobalServiceInCluster,
  GlobalServiceStatus,
  ServiceRouting,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  filterServiceRows,
  namespacesOf,
  ServiceFilter,
  ServiceSortOrder,
  sortServiceRows,
  toServiceRow,
  toServiceRows,
} from './serviceRows';

function present(cluster: string, backends = 2): GlobalServiceInCluster {
  return {
    cluster,
    present: true,
    global: true,
    shared: true,
    affinity: 'none',
    readyBackends: backends,
    namespaceGlobal: true,
  };
}

function unknown(cluster: string): GlobalServiceInCluster {
  return {
    ...present(cluster, 0),
    present: false,
    global: false,
    shared: false,
    unknown: true,
  };
}

/** Every cluster that has the service serves every cluster's clients. */
function service(
  key: string,
  clusters: GlobalServiceInCluster[],
  routing?: ServiceRouting[],
): GlobalServiceStatus {
  const [namespace, name] = key.split('/');
  const serving = clusters.filter(c => c.present);
  return {
    namespace,
    name,
    clusters,
    routing:
      routing ??
      serving.map(c => ({
        from: c.cluster,
        servedBy: serving.map(s => ({
          cluster: s.cluster,
          backends: s.readyBackends,
          linkReady: true,
        })),
        reason: '',
      })),
  };
}

const everywhere = service('shop/cart', [
  present('aks-001'),
  present('aks-002'),
  present('aks-003'),
]);
const single = service('shop/api', [present('aks-002')]);
const linkDown = service(
  'meshtest/aks-helloworld-one',
  [present('cluster1'), present('cluster2')],
  [
    {
      from: 'cluster1',
      servedBy: [{ cluster: 'cluster1', backends: 2 }],
      reason: '',
    },
    {
      from: 'cluster2',
      servedBy: [{ cluster: 'cluster1', backends: 2, linkReady: false }],
      reason: '',
    },
  ],
);
const noBackends = service(
  'meshtest/empty',
  [present('cluster1', 0), present('cluster3', 0)],
  [
    { from: 'cluster1', servedBy: [], reason: '' },
    {
      from: 'cluster3',
      servedBy: [{ cluster: 'cluster3', backends: 0 }],
      reason: '',
    },
  ],
);
const partlyUnknown = service('team-1/svc-10', [
  present('aks-001'),
  present('aks-003'),
  unknown('aks-002'),
]);

const rows = toServiceRows([
  everywhere,
  single,
  linkDown,
  noBackends,
  partlyUnknown,
]);
const keys = (list: { key: string }[]) => list.map(row => row.key);

describe('toServiceRow', () => {
  it('counts presence and states what needs attention', () => {
    expect(toServiceRow(everywhere)).toMatchObject({
      key: 'shop/cart',
      searchText: 'shop/cart\naks-001\naks-002\naks-003',
      presentIn: 3,
      unknownIn: 0,
      concerns: [],
    });
    expect(toServiceRow(single).concerns).toEqual(['only in aks-002']);
    expect(toServiceRow(linkDown).concerns).toEqual([
      'link cluster2 → cluster1 not ready',
    ]);
    expect(toServiceRow(noBackends).concerns).toEqual([
      'no ready backends for clients in cluster1',
      'no ready backends for clients in cluster3',
    ]);
    expect(toServiceRow(partlyUnknown)).toMatchObject({
      presentIn: 2,
      unknownIn: 1,
      concerns: [],
    });
  });
});

describe('filterServiceRows', () => {
  it.each<[string, ServiceFilter, string[]]>([
    ['nothing', {}, keys(rows)],
    [
      'namespace',
      { text: 'meshtest' },
      ['meshtest/aks-helloworld-one', 'meshtest/empty'],
    ],
    ['name', { text: 'helloworld' }, ['meshtest/aks-helloworld-one']],
    ['namespace/name', { text: 'shop/api' }, ['shop/api']],
    ['cluster', { text: 'cluster3' }, ['meshtest/empty']],
    [
      'an unreadable cluster',
      { text: 'aks-002' },
      ['shop/cart', 'shop/api', 'team-1/svc-10'],
    ],
    ['any case, spaces around', { text: '  SHOP/CART ' }, ['shop/cart']],
    ['every term', { text: 'aks-003 svc' }, ['team-1/svc-10']],
    ['namespace select', { namespace: 'shop' }, ['shop/cart', 'shop/api']],
    [
      'namespace select and text',
      { namespace: 'shop', text: 'aks-001' },
      ['shop/cart'],
    ],
    ['no match', { text: 'billing' }, []],
  ])('by %s', (_, filter, expected) => {
    expect(keys(filterServiceRows(rows, filter))).toEqual(expected);
  });

  it('returns the same array when nothing filters', () => {
    expect(filterServiceRows(rows, { text: ' ', namespace: '' })).toBe(rows);
  });
});

describe('sortServiceRows', () => {
  it.each<[ServiceSortOrder, string[]]>([
    [
      'name',
      [
        'meshtest/aks-helloworld-one',
        'meshtest/empty',
        'shop/api',
        'shop/cart',
        'team-1/svc-10',
      ],
    ],
    [
      'clusters',
      [
        'shop/cart',
        'meshtest/aks-helloworld-one',
        'meshtest/empty',
        'team-1/svc-10',
        'shop/api',
      ],
    ],
    [
      'problems',
      [
        'meshtest/empty',
        'meshtest/aks-helloworld-one',
        'shop/api',
        'team-1/svc-10',
        'shop/cart',
      ],
    ],
  ])('by %s', (order, expected) => {
    const before = keys(rows);
    expect(keys(sortServiceRows(rows, order))).toEqual(expected);
    expect(keys(rows)).toEqual(before);
  });
});

describe('namespacesOf', () => {
  it('lists each namespace once, sorted', () => {
    expect(namespacesOf(rows)).toEqual(['meshtest', 'shop', 'team-1']);
  });
});
