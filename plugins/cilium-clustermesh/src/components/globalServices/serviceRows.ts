import {
  compareText,
  GlobalServiceStatus,
  serviceKey,
} from '@meshportal/plugin-cilium-clustermesh-common';

/**
 * One global service as the table lists it, with everything filtering and
 * sorting need computed once, so a keystroke costs one pass over the rows.
 */
export interface ServiceRow {
  /** `namespace/name`. */
  key: string;
  service: GlobalServiceStatus;
  /** Lowercase namespace/name and cluster names, one per line. */
  searchText: string;
  /** Clusters that have the Service. */
  presentIn: number;
  /** Clusters that could not be read. */
  unknownIn: number;
  /** What needs attention, in words; empty when nothing does. */
  concerns: string[];
}

export type ServiceSortOrder = 'name' | 'clusters' | 'problems';

export const SERVICE_SORT_TEXT: Record<ServiceSortOrder, string> = {
  name: 'Name',
  clusters: 'Clusters present (most first)',
  problems: 'Problems first',
};

export interface ServiceFilter {
  /** Whitespace-separated terms; a row matches when it contains every one. */
  text?: string;
  /** Exact namespace; empty or absent for all. */
  namespace?: string;
}

function concernsOf(
  service: GlobalServiceStatus,
  presentIn: string[],
): string[] {
  const concerns: string[] = [];
  if (presentIn.length === 1) {
    concerns.push(`only in ${presentIn[0]}`);
  }
  for (const routing of service.routing) {
    if (routing.servedBy.every(served => served.backends === 0)) {
      concerns.push(`no ready backends for clients in ${routing.from}`);
    }
    for (const served of routing.servedBy) {
      if (served.linkReady === false) {
        concerns.push(`link ${routing.from} → ${served.cluster} not ready`);
      }
    }
  }
  return concerns;
}

export function toServiceRow(service: GlobalServiceStatus): ServiceRow {
  const key = serviceKey(service);
  const present = service.clusters
    .filter(entry => entry.present && !entry.unknown)
    .map(entry => entry.cluster);
  const searchText = [key, ...service.clusters.map(entry => entry.cluster)]
    .join('\n')
    .toLocaleLowerCase('en-US');
  return {
    key,
    service,
    searchText,
    presentIn: present.length,
    unknownIn: service.clusters.filter(entry => entry.unknown).length,
    concerns: concernsOf(service, present),
  };
}

export function toServiceRows(services: GlobalServiceStatus[]): ServiceRow[] {
  return services.map(toServiceRow);
}

export function filterTerms(text: string | undefined): string[] {
  return (text ?? '').toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
}

export function filterServiceRows(
  rows: ServiceRow[],
  filter: ServiceFilter,
): ServiceRow[] {
  const terms = filterTerms(filter.text);
  const namespace = filter.namespace;
  if (!terms.length && !namespace) return rows;
  return rows.filter(
    row =>
      (!namespace || row.service.namespace === namespace) &&
      terms.every(term => row.searchText.includes(term)),
  );
}

function compareNames(a: ServiceRow, b: ServiceRow): number {
  return (
    compareText(a.service.namespace, b.service.namespace) ||
    compareText(a.service.name, b.service.name)
  );
}

const COMPARATORS: Record<
  ServiceSortOrder,
  (a: ServiceRow, b: ServiceRow) => number
> = {
  name: compareNames,
  clusters: (a, b) => b.presentIn - a.presentIn || compareNames(a, b),
  problems: (a, b) =>
    b.concerns.length - a.concerns.length ||
    b.unknownIn - a.unknownIn ||
    compareNames(a, b),
};

/** A sorted copy; ties fall back to namespace, then name. */
export function sortServiceRows(
  rows: ServiceRow[],
  order: ServiceSortOrder,
): ServiceRow[] {
  return [...rows].sort(COMPARATORS[order]);
}

export function namespacesOf(rows: ServiceRow[]): string[] {
  return [...new Set(rows.map(row => row.service.namespace))].sort(compareText);
}
