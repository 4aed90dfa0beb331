import type { MeshSummary } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  compareMeshRows,
  filterMeshRows,
  MeshFilter,
  MeshRow,
  problemsText,
  toMeshRow,
  toMeshRows,
} from './meshRows';

function summary(overrides: Partial<MeshSummary> = {}): MeshSummary {
  return {
    name: 'lab-mesh',
    source: 'config',
    health: 'healthy',
    observedAt: '2026-06-01T12:00:00.000Z',
    refreshedAt: '2026-06-01T12:00:00.000Z',
    ageSeconds: 12,
    clusters: { total: 3, healthy: 3 },
    connections: { total: 6, connected: 6 },
    problems: { error: 0, warning: 0, info: 0 },
    ...overrides,
  };
}

describe('problemsText', () => {
  it.each([
    [{ error: 0, warning: 0, info: 0 }, 'None'],
    [{ error: 1, warning: 0, info: 0 }, '1 error'],
    [{ error: 2, warning: 1, info: 0 }, '2 errors, 1 warning'],
    [{ error: 0, warning: 3, info: 0 }, '3 warnings'],
    [{ error: 0, warning: 0, info: 2 }, '2 notes'],
    [{ error: 1, warning: 2, info: 1 }, '1 error, 2 warnings, 1 note'],
  ])('%j is "%s"', (problems, text) => {
    expect(problemsText(problems)).toBe(text);
  });
});

describe('toMeshRow', () => {
  it('says every cell in words', () => {
    const row = toMeshRow(
      summary({
        title: 'Lab mesh',
        source: 'registered',
        health: 'degraded',
        ageSeconds: 240,
        clusters: { total: 3, healthy: 2 },
        connections: { total: 6, connected: 5 },
        problems: { error: 2, warning: 1, info: 0 },
        lastChangeAt: '2026-06-01T11:59:00.000Z',
      }),
    );
    expect(row).toMatchObject({
      name: 'lab-mesh',
      title: 'Lab mesh',
      health: 'degraded',
      problems: '2 errors, 1 warning',
      clusters: '2/3 healthy',
      links: '5/6 ready',
      dataAge: '4 min',
      lastChange: '1 Jun 2026, 11:59:00 UTC',
      sourceText: 'Registered',
      searchText: 'lab-mesh\nlab mesh',
    });
  });

  it.each([
    ['config', 'app-config'],
    ['registered', 'Registered'],
    ['catalog', 'Catalog'],
  ] as const)('names the source %s "%s"', (source, text) => {
    expect(toMeshRow(summary({ source })).sourceText).toBe(text);
  });

  it('says when no change was recorded and leaves the title out when there is none', () => {
    const row = toMeshRow(summary());
    expect(row.lastChange).toBe('No changes recorded');
    expect(row).not.toHaveProperty('lastChangeAt');
    expect(row).not.toHaveProperty('title');
  });

  it('counts a mesh without clusters or links as nothing to worry about', () => {
    const row = toMeshRow(
      summary({
        clusters: { total: 0, healthy: 0 },
        connections: { total: 0, connected: 0 },
      }),
    );
    expect([row.clusters, row.links]).toEqual(['0/0 healthy', '0/0 ready']);
    expect([row.healthyClusterShare, row.readyLinkShare]).toEqual([1, 1]);
  });
});

const rows: MeshRow[] = toMeshRows([
  summary({ name: 'prod', title: 'Production EU', health: 'healthy' }),
  summary({
    name: 'dev',
    health: 'down',
    clusters: { total: 2, healthy: 0 },
    connections: { total: 2, connected: 0 },
    problems: { error: 2, warning: 0, info: 0 },
    ageSeconds: 30,
    lastChangeAt: '2026-06-01T10:00:00.000Z',
  }),
  summary({
    name: 'staging',
    health: 'degraded',
    clusters: { total: 3, healthy: 2 },
    connections: { total: 6, connected: 5 },
    problems: { error: 1, warning: 3, info: 0 },
    ageSeconds: 600,
    lastChangeAt: '2026-06-01T11:00:00.000Z',
    source: 'catalog',
  }),
  summary({
    name: 'lab',
    source: 'registered',
    health: 'unknown',
    problems: { error: 1, warning: 1, info: 0 },
  }),
]);

const names = (list: MeshRow[]) => list.map(row => row.name);

describe('toMeshRows', () => {
  it('starts in name order', () => {
    expect(names(rows)).toEqual(['dev', 'lab', 'prod', 'staging']);
  });
});

describe('filterMeshRows', () => {
  it.each<[Partial<MeshFilter>, string[]]>([
    [{}, ['dev', 'lab', 'prod', 'staging']],
    [{ text: 'pro' }, ['prod']],
    // The title is searched too, ignoring case and surrounding spaces.
    [{ text: '  production eu ' }, ['prod']],
    [{ text: 'a' }, ['lab', 'staging']],
    [{ text: 'nothing like it' }, []],
    [{ health: 'down' }, ['dev']],
    [{ health: 'healthy' }, ['prod']],
    [{ health: 'attention' }, ['dev', 'lab', 'staging']],
    [{ health: 'attention', text: 'stag' }, ['staging']],
    [{ health: 'healthy', text: 'dev' }, []],
  ])('%j keeps %j', (filter, expected) => {
    expect(
      names(filterMeshRows(rows, { text: '', health: 'all', ...filter })),
    ).toEqual(expected);
  });
});

describe('compareMeshRows', () => {
  it.each<[keyof typeof compareMeshRows, string[]]>([
    ['name', ['dev', 'lab', 'prod', 'staging']],
    // Worst first.
    ['health', ['dev', 'staging', 'lab', 'prod']],
    // Most errors, then most warnings.
    ['problems', ['dev', 'staging', 'lab', 'prod']],
    // Smallest healthy share first; ties by name.
    ['clusters', ['dev', 'staging', 'lab', 'prod']],
    ['links', ['dev', 'staging', 'lab', 'prod']],
    // Oldest data first.
    ['dataAge', ['staging', 'dev', 'lab', 'prod']],
    // Most recent change first, never changed last.
    ['lastChange', ['staging', 'dev', 'lab', 'prod']],
    // app-config, Catalog, Registered: in words, whatever the case.
    ['source', ['dev', 'prod', 'staging', 'lab']],
  ])('%s sorts %j', (column, expected) => {
    expect(names([...rows].reverse().sort(compareMeshRows[column]))).toEqual(
      expected,
    );
  });
});
