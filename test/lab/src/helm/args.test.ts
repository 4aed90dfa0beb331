import { parseArgs, parseDuration } from './args';

describe('parseDuration', () => {
  it.each([
    ['300s', 300_000],
    ['5m0s', 300_000],
    ['1h2m3s', 3_723_000],
    ['1.5m', 90_000],
    ['250ms', 250],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([['5'], ['five minutes'], ['5m junk']])('refuses %j', text => {
    expect(() => parseDuration(text)).toThrow(`invalid duration "${text}"`);
  });
});

describe('parseArgs', () => {
  it('reads the flags our plugins pass to upgrade --install', () => {
    const parsed = parseArgs([
      'upgrade',
      '--install',
      'cilium',
      'cilium/cilium',
      '--version',
      '1.20.0',
      '-n',
      'kube-system',
      '-f',
      'a.yaml',
      '--values=b.yaml',
      '--kubeconfig',
      '/tmp/kc',
      '--kube-context',
      'aks-1',
      '--wait',
      '--timeout',
      '10m0s',
    ]);
    expect(parsed.command).toEqual(['upgrade']);
    expect(parsed.positionals).toEqual(['cilium', 'cilium/cilium']);
    expect(parsed.flags).toMatchObject({
      install: true,
      version: '1.20.0',
      namespace: 'kube-system',
      valuesFiles: ['a.yaml', 'b.yaml'],
      kubeconfig: '/tmp/kc',
      kubeContext: 'aks-1',
      wait: true,
      timeoutMs: 600_000,
    });
  });

  it('recognises two-word commands', () => {
    expect(
      parseArgs(['get', 'values', 'cilium', '-o', 'json']).command,
    ).toEqual(['get', 'values']);
  });

  it.each([
    [['upgrade', 'x', 'y', '--atomic'], 'unknown flag: --atomic'],
    [['rollback', 'x'], 'unknown command "rollback"'],
    [['status', 'x', '-o', 'xml'], 'invalid format type'],
    [['status', 'x', '-n'], 'flag needs an argument: -n'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
