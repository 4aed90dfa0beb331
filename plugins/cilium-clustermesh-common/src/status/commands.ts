import { parseCiliumVersion } from './ciliumVersion';

const SHELL_SAFE = /^[\w.\-/=:,@]+$/;

export function shellQuote(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** cilium-cli's hint for an agent that is not connected to `peer`. */
export function agentTroubleshootCommand(
  context: string,
  pod: string,
  peer: string,
): string {
  return `kubectl --context ${context} exec -n kube-system ${pod} -c cilium-agent -- cilium-dbg troubleshoot clustermesh ${peer}`;
}

/** cilium-cli's hint for a KVStoreMesh replica that is not connected to `peer`. */
export function kvstoremeshTroubleshootCommand(
  context: string,
  pod: string,
  peer: string,
): string {
  return `kubectl --context ${context} exec -n kube-system ${pod} -c kvstoremesh -- clustermesh-apiserver kvstoremesh-dbg troubleshoot ${peer}`;
}

/**
 * A `helm upgrade` that changes only `sets`. The chart version is pinned to
 * the running one because an unpinned upgrade would also upgrade Cilium.
 * `chartVersion` may also be a Helm version constraint such as `~1.19.0`.
 */
export function helmUpgradeCommand(
  context: string,
  chartVersion: string | undefined,
  sets: string[],
): string {
  const version = parseCiliumVersion(chartVersion);
  let pin = '';
  if (version) {
    pin = ` --version ${version.major}.${version.minor}.${version.patch}`;
  } else if (chartVersion) {
    pin = ` --version ${shellQuote(chartVersion)}`;
  }
  const setFlags = sets.map(set => ` --set ${shellQuote(set)}`).join('');
  return `helm upgrade cilium cilium/cilium -n kube-system --kube-context ${context}${pin} --reuse-values${setFlags}`;
}

export function kubectlCommand(context: string, args: string): string {
  return `kubectl --context ${context} ${args}`;
}
