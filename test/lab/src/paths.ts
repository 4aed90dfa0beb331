import path from 'node:path';

/** The lab package's folder, wherever the repository is cloned. */
export function labRoot(): string {
  return path.dirname(require.resolve('@meshportal/lab/package.json'));
}

export function repoRoot(): string {
  return path.resolve(labRoot(), '../..');
}

/**
 * Official schemas and swagger live in the shared folder beside the
 * repository (`<repo>/../shared/reference`), on developer machines and in CI.
 */
export function sharedReferencePath(...segments: string[]): string {
  return path.resolve(repoRoot(), '../shared/reference', ...segments);
}
