// The test reads the type's source on Node; nothing here reaches a bundle.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { dirname, join } from 'path';
import { PROBLEM_DOCS, problemDocsUrl } from './problemDocs';

/**
 * Every member of `ProblemCode`, read from the type's source: a type has no
 * runtime list, and a hand-written one would not notice a new code.
 */
function problemCodesFromSource(): string[] {
  const common = dirname(
    require.resolve(
      '@meshportal/plugin-cilium-clustermesh-common/package.json',
    ),
  );
  const source = readFileSync(
    join(common, 'src', 'status', 'meshStatus.ts'),
    'utf8',
  );
  const union = /export type ProblemCode =([^;]*);/.exec(source);
  if (!union) throw new Error('ProblemCode not found in meshStatus.ts');
  return [...union[1].matchAll(/'([a-z-]+)'/g)].map(match => match[1]);
}

const CODES = problemCodesFromSource();

describe('problem docs', () => {
  it('finds the problem codes', () => {
    expect(CODES.length).toBeGreaterThanOrEqual(24);
    expect(CODES).toContain('connection-down');
  });

  it('documents exactly the problem codes there are', () => {
    expect(Object.keys(PROBLEM_DOCS).sort()).toEqual([...CODES].sort());
  });

  it.each(CODES)('%s links to Cilium or Microsoft docs', code => {
    const url = new URL(problemDocsUrl(code as keyof typeof PROBLEM_DOCS));
    expect(url.protocol).toBe('https:');
    expect(['docs.cilium.io', 'learn.microsoft.com']).toContain(url.hostname);
  });

  it.each([
    [
      'connection-down',
      'https://docs.cilium.io/en/stable/operations/troubleshooting/#troubleshooting-clustermesh',
    ],
    [
      'duplicate-cluster-id',
      'https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/#prerequisites',
    ],
    [
      'overlapping-pod-cidrs',
      'https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/#prerequisites',
    ],
    [
      'invalid-affinity',
      'https://docs.cilium.io/en/stable/network/clustermesh/services/',
    ],
    [
      'cilium-not-installed',
      'https://learn.microsoft.com/azure/aks/use-byo-cni',
    ],
  ] as const)('%s → %s', (code, url) => {
    expect(problemDocsUrl(code)).toBe(url);
  });
});
