import type { ExecRequest, ExecResult } from '../../kube/podExec';
import { CiliumSettings } from '../settings';
import { MetricsSource } from './podEndpoints';

const AGENT_STATUS =
  /^(cilium-dbg|cilium) status (-o json|--output json|-o=json)$/;
const KVSTOREMESH_STATUS =
  /^(\/usr\/bin\/)?clustermesh-apiserver kvstoremesh-dbg status (-o json|--output json|-o=json)$/;

/**
 * The status commands cilium-cli execs in Cilium's pods (container
 * `cilium-agent`, and `kvstoremesh` in the clustermesh-apiserver pod), in the
 * installed version's JSON. This is the privileged path (`create pods/exec`)
 * that a least-privilege reader avoids; the lab offers it so that a plugin's
 * opt-in exec mode can be tested too.
 */
export function ciliumCommand(
  request: ExecRequest,
  cluster: string,
  settings: CiliumSettings | undefined,
  source: MetricsSource,
): ExecResult | undefined {
  const { pod, container } = request;
  if (!settings || pod.metadata.namespace !== settings.namespace) {
    return undefined;
  }
  const app = pod.metadata.labels?.['k8s-app'];
  const line = request.command.join(' ');
  if (
    app === 'cilium' &&
    container === 'cilium-agent' &&
    AGENT_STATUS.test(line)
  ) {
    const node = String(
      (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '',
    );
    return json(source.agentStatus(cluster, node));
  }
  if (
    app === 'clustermesh-apiserver' &&
    container === 'kvstoremesh' &&
    KVSTOREMESH_STATUS.test(line)
  ) {
    return json(source.kvstoremeshStatus(cluster));
  }
  return undefined;
}

function json(value: object): ExecResult {
  return { stdout: `${JSON.stringify(value, null, 2)}\n`, exitCode: 0 };
}
