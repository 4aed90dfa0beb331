/** What the user picked in the graph, the matrix or a table; the details panel shows it. */
export type MeshSelection =
  | { kind: 'cluster'; cluster: string }
  | { kind: 'connection'; from: string; to: string };

export function isSelected(
  selected: MeshSelection | undefined,
  candidate: MeshSelection,
): boolean {
  if (!selected || selected.kind !== candidate.kind) return false;
  if (selected.kind === 'cluster' && candidate.kind === 'cluster') {
    return selected.cluster === candidate.cluster;
  }
  return (
    selected.kind === 'connection' &&
    candidate.kind === 'connection' &&
    selected.from === candidate.from &&
    selected.to === candidate.to
  );
}
