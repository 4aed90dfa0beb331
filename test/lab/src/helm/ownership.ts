import { KubernetesObject } from '@kubernetes/client-node';
import { renderRelease } from '../cilium/chart/render';
import { ownedTlsSecretNames } from '../cilium/chart/tls';
import { ChartMetadata } from './charts';
import { HelmError } from './errors';
import { describeKubeError, HelmKubeClients, statusCode } from './kube';
import { Values } from './values';

const MANAGED_BY = 'app.kubernetes.io/managed-by';
const RELEASE_NAME = 'meta.helm.sh/release-name';
const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';

/**
 * Helm refuses to take over objects someone else made: every object the
 * chart renders that already exists must carry this release's ownership
 * metadata. A `cilium-ca` copied in by hand without it stops an install,
 * exactly as with the real helm.
 */
export async function checkOwnership(
  clients: HelmKubeClients,
  chart: ChartMetadata,
  config: Values,
  release: { name: string; namespace: string },
  action: 'install' | 'update',
): Promise<void> {
  const rendered = renderRelease({
    chartVersion: chart.version,
    userValues: config,
    release,
  });
  const targets: {
    apiVersion: string;
    kind: string;
    metadata: { name?: string; namespace?: string };
  }[] = [
    ...rendered.objects,
    ...ownedTlsSecretNames(rendered.tls).map(name => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: rendered.tls.namespace },
    })),
  ];
  for (const target of targets) {
    let existing: KubernetesObject;
    try {
      existing = await clients.objects.read({
        apiVersion: target.apiVersion,
        kind: target.kind,
        metadata: {
          name: target.metadata.name!,
          namespace: target.metadata.namespace,
        },
      });
    } catch (error) {
      if (statusCode(error) === 404) continue;
      throw describeKubeError(error, clients.server);
    }
    const problems = ownershipProblems(existing, release);
    if (problems.length > 0) {
      throw new HelmError(
        `${
          action === 'install' ? 'INSTALLATION' : 'UPGRADE'
        } FAILED: Unable to continue with ${action}: ${target.kind} "${
          target.metadata!.name
        }" in namespace "${
          target.metadata!.namespace
        }" exists and cannot be imported into the current release: invalid ownership metadata; ${problems.join(
          '; ',
        )}`,
      );
    }
  }
}

function ownershipProblems(
  object: KubernetesObject,
  release: { name: string; namespace: string },
): string[] {
  const labels = object.metadata?.labels ?? {};
  const annotations = object.metadata?.annotations ?? {};
  const problems: string[] = [];
  if (labels[MANAGED_BY] !== 'Helm') {
    problems.push(
      labels[MANAGED_BY] === undefined
        ? `label validation error: missing key "${MANAGED_BY}": must be set to "Helm"`
        : `label validation error: key "${MANAGED_BY}" must equal "Helm": current value is "${labels[MANAGED_BY]}"`,
    );
  }
  for (const [key, expected] of [
    [RELEASE_NAME, release.name],
    [RELEASE_NAMESPACE, release.namespace],
  ]) {
    if (annotations[key] === expected) continue;
    problems.push(
      annotations[key] === undefined
        ? `annotation validation error: missing key "${key}": must be set to "${expected}"`
        : `annotation validation error: key "${key}" must equal "${expected}": current value is "${annotations[key]}"`,
    );
  }
  return problems;
}
