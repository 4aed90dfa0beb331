import {
  compareText,
  Health,
  MeshSource,
  MeshSummary,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { formatAge, formatTime, readyOfTotal } from '../shared/format';
import { HEALTH_ORDER } from '../shared/states';

/** One line of the mesh table: every cell as text, plus what sorting needs. */
export interface MeshRow {
  name: string;
  title?: string;
  health: Health;
  source: MeshSource;
  sourceText: string;
  errors: number;
  warnings: number;
  infos: number;
  /** "2 errors, 1 warning" or "None". */
  problems: string;
  /** "2/3 healthy". */
  clusters: string;
  /** "5/6 ready". */
  links: string;
  /** "12 s", "4 min". */
  dataAge: string;
  ageSeconds: number;
  /** A UTC time or "No changes recorded". */
  lastChange: string;
  lastChangeAt?: string;
  healthyClusterShare: number;
  readyLinkShare: number;
  /** Lower-case name and title, so filtering does not lower-case per keystroke. */
  searchText: string;
}

export const NO_PROBLEMS = 'None';
export const NO_CHANGES = 'No changes recorded';

export const SOURCE_TEXT: Record<MeshSource, string> = {
  config: 'app-config',
  registered: 'Registered',
  catalog: 'Catalog',
};

function countText(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

export function problemsText(problems: MeshSummary['problems']): string {
  const parts = [
    problems.error && countText(problems.error, 'error', 'errors'),
    problems.warning && countText(problems.warning, 'warning', 'warnings'),
    problems.info && countText(problems.info, 'note', 'notes'),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : NO_PROBLEMS;
}

/** An empty mesh counts as fully healthy: nothing in it needs attention. */
function share(part: number, total: number): number {
  return total > 0 ? part / total : 1;
}

export function toMeshRow(summary: MeshSummary): MeshRow {
  const { clusters, connections, problems } = summary;
  return {
    name: summary.name,
    ...(summary.title !== undefined && { title: summary.title }),
    health: summary.health,
    source: summary.source,
    sourceText: SOURCE_TEXT[summary.source] ?? summary.source,
    errors: problems.error,
    warnings: problems.warning,
    infos: problems.info,
    problems: problemsText(problems),
    clusters: `${readyOfTotal(clusters.healthy, clusters.total)} healthy`,
    links: `${readyOfTotal(connections.connected, connections.total)} ready`,
    dataAge: formatAge(summary.ageSeconds),
    ageSeconds: summary.ageSeconds,
    lastChange: summary.lastChangeAt
      ? formatTime(summary.lastChangeAt)
      : NO_CHANGES,
    ...(summary.lastChangeAt !== undefined && {
      lastChangeAt: summary.lastChangeAt,
    }),
    healthyClusterShare: share(clusters.healthy, clusters.total),
    readyLinkShare: share(connections.connected, connections.total),
    searchText: [summary.name, summary.title ?? '']
      .join('\n')
      .toLocaleLowerCase('en-US'),
  };
}

/** `attention`: every mesh that is not healthy. */
export type HealthFilter = 'all' | 'attention' | Health;

export interface MeshFilter {
  text: string;
  health: HealthFilter;
}

export const NO_FILTER: MeshFilter = { text: '', health: 'all' };

export function filterMeshRows(rows: MeshRow[], filter: MeshFilter): MeshRow[] {
  const text = filter.text.trim().toLocaleLowerCase('en-US');
  return rows.filter(
    row =>
      (!text || row.searchText.includes(text)) &&
      (filter.health === 'all' ||
        (filter.health === 'attention'
          ? row.health !== 'healthy'
          : row.health === filter.health)),
  );
}

type Compare = (a: MeshRow, b: MeshRow) => number;

/** Ties fall back to the name, so equal rows keep a stable order. */
function thenByName(compare: Compare): Compare {
  return (a, b) => compare(a, b) || compareText(a.name, b.name);
}

/**
 * Comparators for the sortable columns. Ascending puts what needs attention
 * first: the worst health, the most problems, the smallest healthy share,
 * the oldest data and the most recent change.
 */
export const compareMeshRows = {
  name: (a: MeshRow, b: MeshRow) => compareText(a.name, b.name),
  health: thenByName((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health]),
  problems: thenByName(
    (a, b) =>
      b.errors - a.errors || b.warnings - a.warnings || b.infos - a.infos,
  ),
  clusters: thenByName((a, b) => a.healthyClusterShare - b.healthyClusterShare),
  links: thenByName((a, b) => a.readyLinkShare - b.readyLinkShare),
  dataAge: thenByName((a, b) => b.ageSeconds - a.ageSeconds),
  lastChange: thenByName((a, b) => {
    if (a.lastChangeAt === b.lastChangeAt) return 0;
    // Never changed sorts after every recorded change.
    if (a.lastChangeAt === undefined) return 1;
    if (b.lastChangeAt === undefined) return -1;
    return Date.parse(b.lastChangeAt) - Date.parse(a.lastChangeAt);
  }),
  source: thenByName((a, b) =>
    a.sourceText.localeCompare(b.sourceText, 'en', { sensitivity: 'base' }),
  ),
} satisfies Record<string, Compare>;

/** Rows in name order, the order the table starts in. */
export function toMeshRows(summaries: MeshSummary[]): MeshRow[] {
  return summaries.map(toMeshRow).sort(compareMeshRows.name);
}
