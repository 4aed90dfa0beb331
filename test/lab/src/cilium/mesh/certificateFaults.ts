import type { KubeObject } from '../../kube/types';
import {
  createCertificateAuthority,
  issueCertificate,
  KeyPairPem,
  loadCertificateAuthority,
} from '../../pki/certificates';
import type { ClusterCilium } from './clusterCilium';

const DAY_MS = 24 * 60 * 60 * 1000;

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

function requireSettings(cilium: ClusterCilium) {
  const settings = cilium.settings();
  if (!settings) throw new Error(`Cilium is not installed in ${cilium.name}`);
  return settings;
}

function writeTlsSecret(
  cilium: ClusterCilium,
  namespace: string,
  name: string,
  ca: KeyPairPem,
  pair: KeyPairPem,
): void {
  const objects = cilium.server.objects;
  const existing = objects.get<KubeObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace,
    name,
  });
  if (!existing) return;
  objects.update({
    ...existing,
    data: {
      ...(existing.data as object),
      'ca.crt': base64(ca.certPem),
      'tls.crt': base64(pair.certPem),
      'tls.key': base64(pair.keyPem),
    },
  });
}

/**
 * What happens when someone deletes and recreates `cilium-ca` on one
 * cluster (or installs it without the shared `tls.ca.*`): a new CA, and the
 * clustermesh certificates re-issued from it.
 */
export async function replaceCiliumCa(cilium: ClusterCilium): Promise<void> {
  const settings = requireSettings(cilium);
  const { namespace, clusterName } = settings;
  const ca = await createCertificateAuthority('Cilium CA');
  const objects = cilium.server.objects;
  const caSecret = objects.get<KubeObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace,
    name: 'cilium-ca',
  });
  if (!caSecret) throw new Error(`${cilium.name} has no cilium-ca Secret`);
  objects.update({
    ...caSecret,
    data: { 'ca.crt': base64(ca.certPem), 'ca.key': base64(ca.keyPem) },
  });
  const remoteName =
    settings.clustermesh.authMode === 'cluster'
      ? `remote-${clusterName}`
      : 'remote';
  const issued: [string, Promise<KeyPairPem>][] = [
    [
      'clustermesh-apiserver-server-cert',
      issueServerCertificate(ca, namespace),
    ],
    [
      'clustermesh-apiserver-remote-cert',
      issueCertificate(ca, { commonName: remoteName, usage: 'client' }),
    ],
    [
      'clustermesh-apiserver-admin-cert',
      issueCertificate(ca, {
        commonName: `admin-${clusterName}`,
        usage: 'client',
      }),
    ],
    [
      'clustermesh-apiserver-local-cert',
      issueCertificate(ca, {
        commonName: `local-${clusterName}`,
        usage: 'client',
      }),
    ],
  ];
  for (const [name, pair] of issued) {
    writeTlsSecret(cilium, namespace, name, ca, await pair);
  }
}

/** Re-issues the server certificate from the cluster's own CA with a short (or past) validity. */
export async function shortenServerCertificate(
  cilium: ClusterCilium,
  validForMs: number,
): Promise<void> {
  const { namespace } = requireSettings(cilium);
  const caData = cilium.server.objects.get<KubeObject>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace,
    name: 'cilium-ca',
  })?.data as Record<string, string> | undefined;
  if (!caData) throw new Error(`${cilium.name} has no cilium-ca Secret`);
  const ca = await loadCertificateAuthority({
    certPem: Buffer.from(caData['ca.crt'], 'base64').toString('utf8'),
    keyPem: Buffer.from(caData['ca.key'], 'base64').toString('utf8'),
  });
  const expired = validForMs <= 0;
  const pair = await issueServerCertificate(ca, namespace, {
    notBefore: new Date(Date.now() - (expired ? 2 * DAY_MS : 60_000)),
    validForMs: expired ? DAY_MS + validForMs : validForMs + 60_000,
  });
  writeTlsSecret(
    cilium,
    namespace,
    'clustermesh-apiserver-server-cert',
    ca,
    pair,
  );
}

function issueServerCertificate(
  ca: Awaited<ReturnType<typeof createCertificateAuthority>>,
  namespace: string,
  validity: { notBefore?: Date; validForMs?: number } = {},
): Promise<KeyPairPem> {
  return issueCertificate(ca, {
    commonName: `clustermesh-apiserver.${namespace}.svc`,
    subjectAltNames: [
      '*.mesh.cilium.io',
      `clustermesh-apiserver.${namespace}.svc`,
      '127.0.0.1',
      '::1',
    ],
    usage: 'server-and-client',
    ...validity,
  });
}
