import { Values } from '../../helm/values';
import { KubeObject } from '../../kube/types';
import { CiliumSettings } from '../settings';
import { agentDaemonSet, operatorDeployment } from './agent';
import { ciliumConfigMap } from './ciliumConfig';
import {
  apiserverObjects,
  clustermeshConfigSecrets,
  remoteUsersConfigMap,
} from './clustermesh';
import { objectKey, ReleaseRef, renderContext } from './metadata';
import { ownedTlsSecretNames, TlsPlan, tlsPlan } from './tls';
import {
  ciliumNamespace,
  coalesceValues,
  effectiveValues,
  settingsFromEffectiveValues,
  truthy,
  valueAt,
} from './values';

export { renderCertificates } from './tls';
export type { ExistingTls, TlsPlan } from './tls';

export interface RenderInput {
  chartVersion: string;
  /** The release's user-supplied values (`release.config`). */
  userValues: Values;
  release: ReleaseRef;
  /** Facts the chart would look up in the cluster. */
  cluster?: { fqdn?: string };
}

export interface RenderedRelease {
  settings: CiliumSettings;
  values: Values;
  /** Everything but certificate material, ready to apply. */
  objects: KubeObject[];
  /** The CA and TLS Secrets still to make (asynchronously, see renderCertificates). */
  tls: TlsPlan;
  /** `Kind/namespace/name` of every Helm-owned object this revision renders, certificates included. */
  ownedKeys: Set<string>;
}

/**
 * `k8sServiceHost: auto` makes the chart read the API server address from
 * kube-public/cluster-info, which AKS does not publish; the lab answers with
 * the cluster's FQDN instead of failing the install.
 */
function resolveAutoServiceHost(values: Values, fqdn?: string): Values {
  if (valueAt(values, 'k8sServiceHost') !== 'auto' || !fqdn) return values;
  return coalesceValues(values, { k8sServiceHost: fqdn, k8sServicePort: 443 });
}

/** The synchronous part of `helm template` for the Cilium chart: every object but keys and certificates. */
export function renderRelease(input: RenderInput): RenderedRelease {
  const values = resolveAutoServiceHost(
    effectiveValues(input.chartVersion, input.userValues),
    input.cluster?.fqdn,
  );
  const namespace = ciliumNamespace(values, input.release.namespace);
  const ctx = renderContext(
    input.chartVersion,
    values,
    input.release,
    namespace,
  );
  const renderConfig =
    (truthy(ctx.at('agent')) ||
      truthy(ctx.at('operator.enabled')) ||
      truthy(ctx.at('clustermesh.useAPIServer'))) &&
    !truthy(ctx.at('preflight.enabled'));
  const users = remoteUsersConfigMap(ctx);
  const objects: KubeObject[] = [
    ...(renderConfig ? [ciliumConfigMap(ctx)] : []),
    ...(truthy(ctx.at('agent')) && !truthy(ctx.at('preflight.enabled'))
      ? [agentDaemonSet(ctx)]
      : []),
    ...(truthy(ctx.at('operator.enabled')) ? [operatorDeployment(ctx)] : []),
    ...apiserverObjects(ctx),
    ...(users ? [users] : []),
    ...clustermeshConfigSecrets(ctx),
  ];
  const tls = tlsPlan(ctx);
  const ownedKeys = new Set(objects.map(objectKey));
  for (const name of ownedTlsSecretNames(tls)) {
    ownedKeys.add(objectKey({ kind: 'Secret', metadata: { namespace, name } }));
  }
  return {
    settings: settingsFromEffectiveValues(
      input.chartVersion,
      values,
      input.release.name,
      input.release.namespace,
    ),
    values,
    objects,
    tls,
    ownedKeys,
  };
}
