import {
  agentTroubleshootCommand,
  helmUpgradeCommand,
  kvstoremeshTroubleshootCommand,
  shellQuote,
} from './commands';

describe('commands', () => {
  it.each([
    ['cluster.id=3', 'cluster.id=3'],
    ['a.ips={10.0.0.1,10.0.0.2}', `'a.ips={10.0.0.1,10.0.0.2}'`],
    ["it's", `'it'\\''s'`],
    ['~1.19.0', `'~1.19.0'`],
  ])('quotes %s for a shell as %s', (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });

  it.each<[string | undefined, string]>([
    [
      '1.20.0',
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context aks-1 --version 1.20.0 --reuse-values --set prometheus.enabled=true',
    ],
    [
      'v1.19.2-rc.1',
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context aks-1 --version 1.19.2 --reuse-values --set prometheus.enabled=true',
    ],
    [
      undefined,
      'helm upgrade cilium cilium/cilium -n kube-system --kube-context aks-1 --reuse-values --set prometheus.enabled=true',
    ],
  ])('pins helm upgrades to the running version %s', (version, command) => {
    expect(
      helmUpgradeCommand('aks-1', version, ['prometheus.enabled=true']),
    ).toBe(command);
  });

  it.each([
    [
      agentTroubleshootCommand('cluster3', 'cilium-x2v9k', 'cluster1'),
      'kubectl --context cluster3 exec -n kube-system cilium-x2v9k -c cilium-agent -- cilium-dbg troubleshoot clustermesh cluster1',
    ],
    [
      kvstoremeshTroubleshootCommand(
        'cluster3',
        'clustermesh-apiserver-7d9f-abcde',
        'cluster1',
      ),
      'kubectl --context cluster3 exec -n kube-system clustermesh-apiserver-7d9f-abcde -c kvstoremesh -- clustermesh-apiserver kvstoremesh-dbg troubleshoot cluster1',
    ],
  ])('builds the cilium-cli troubleshooting hint %s', (command, expected) => {
    expect(command).toBe(expected);
  });
});
