import type { ServiceRow } from './serviceRows';

/** "in 2/3 clusters", plus how many could not be read. */
export function presenceText(row: ServiceRow, clusterCount: number): string {
  const total = Math.max(clusterCount, row.service.clusters.length);
  const unknown = row.unknownIn ? `, ${row.unknownIn} not readable` : '';
  return `in ${row.presentIn}/${total} clusters${unknown}`;
}

export function concernsText(row: ServiceRow): string {
  return `Needs attention: ${row.concerns.join('; ')}`;
}
