import { createPrivateKey, X509Certificate } from 'node:crypto';
import { KeyPairPem } from '../../pki/certificates';
import { KubeObject } from '../../kube/types';
import { buildCustomCert } from './customCa';
import {
  clustermeshAnnotations,
  commonLabels,
  MANAGED_BY,
  objectMeta,
  RenderContext,
} from './metadata';
import { generateCa, Signer, signCertificate, signerFrom } from './signing';
import { goPrint, stringList, truthy } from './values';

export const CA_SECRET = 'cilium-ca';

export interface CertificateSpec {
  secretName: string;
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
  validityDays: number;
  metadata: KubeObject['metadata'];
}

/**
 * The certificate material a revision needs, decided synchronously; the keys
 * are made later. `ca` is set when the chart itself renders `cilium-ca`.
 */
export interface TlsPlan {
  namespace: string;
  ca?: { metadata: KubeObject['metadata']; custom?: KeyPairPem };
  /** CA validity when one has to be generated. */
  caValidityDays: number;
  certificates: CertificateSpec[];
}

/** The Secrets of a TLS plan that the release owns (certgen's are not Helm's), so pruning keeps them. */
export function ownedTlsSecretNames(plan: TlsPlan): string[] {
  return [
    ...(plan.ca ? [CA_SECRET] : []),
    ...plan.certificates
      .filter(spec => spec.metadata.labels?.[MANAGED_BY] === 'Helm')
      .map(spec => spec.secretName),
  ];
}

function autoMethod(ctx: RenderContext, prefix: string): string | undefined {
  return truthy(ctx.at(`${prefix}.auto.enabled`))
    ? goPrint(ctx.at(`${prefix}.auto.method`))
    : undefined;
}

function secretMetadata(
  ctx: RenderContext,
  name: string,
  withMeshAnnotations: boolean,
): KubeObject['metadata'] {
  const labels =
    ctx.minor >= 19
      ? {
          ...commonLabels(ctx),
          'cilium.io/helm-template-non-idempotent': 'true',
        }
      : {};
  return objectMeta(
    ctx,
    name,
    labels,
    withMeshAnnotations ? clustermeshAnnotations(ctx) : {},
  );
}

/** Which parts of the release make `cilium.ca.setup` run (and so render `cilium-ca`). */
function chartRendersCa(ctx: RenderContext): boolean {
  const apiserverHelm =
    (truthy(ctx.at('clustermesh.useAPIServer')) ||
      (ctx.minor < 19 && truthy(ctx.at('externalWorkloads.enabled')))) &&
    autoMethod(ctx, 'clustermesh.apiserver.tls') === 'helm';
  const hubbleHelm =
    (truthy(ctx.at('agent')) ||
      truthy(ctx.at('hubble.relay.enabled')) ||
      truthy(ctx.at('hubble.ui.enabled'))) &&
    truthy(ctx.at('hubble.enabled')) &&
    truthy(ctx.at('hubble.tls.enabled')) &&
    autoMethod(ctx, 'hubble.tls') === 'helm';
  const custom = truthy(ctx.at('tls.ca.cert')) && truthy(ctx.at('tls.ca.key'));
  return apiserverHelm || hubbleHelm || custom;
}

function serverNames(ctx: RenderContext): {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
} {
  const svc = `clustermesh-apiserver.${ctx.namespace}.svc`;
  const legacyDns = stringList(
    ctx.at('clustermesh.apiserver.tls.server.extraDnsNames'),
  );
  const legacyIps = stringList(
    ctx.at('clustermesh.apiserver.tls.server.extraIpAddresses'),
  );
  if (ctx.minor < 20) {
    const commonName = 'clustermesh-apiserver.cilium.io';
    return {
      commonName,
      dnsNames: [commonName, '*.mesh.cilium.io', svc, ...legacyDns],
      ipAddresses: ['127.0.0.1', '::1', ...legacyIps],
    };
  }
  const extraDns = stringList(
    ctx.at('clustermesh.apiserver.tls.auto.server.extraDnsNames'),
  );
  const extraIps = stringList(
    ctx.at('clustermesh.apiserver.tls.auto.server.extraIpAddresses'),
  );
  return {
    commonName: svc,
    dnsNames: [
      svc,
      '*.mesh.cilium.io',
      ...(extraDns.length ? extraDns : legacyDns),
    ],
    ipAddresses: [
      '127.0.0.1',
      '::1',
      ...(extraIps.length ? extraIps : legacyIps),
    ],
  };
}

/**
 * The clustermesh-apiserver certificates of `tls.auto`: with method `helm`
 * the release owns them; with `cronJob` certgen writes the same Secrets
 * without Helm's ownership; cert-manager ones are not the chart's to write.
 */
function apiserverCertificates(ctx: RenderContext): CertificateSpec[] {
  const method = autoMethod(ctx, 'clustermesh.apiserver.tls');
  const internal =
    ctx.minor < 19 ||
    goPrint(ctx.at('clustermesh.apiserver.kvstoremesh.kvstoreMode')) ===
      'internal';
  if (
    !truthy(ctx.at('clustermesh.useAPIServer')) ||
    !internal ||
    (method !== 'helm' && method !== 'cronJob')
  ) {
    return [];
  }
  const clusterName = goPrint(ctx.at('cluster.name'));
  const validityDays = Math.trunc(
    Number(ctx.at('clustermesh.apiserver.tls.auto.certValidityDuration')),
  );
  const spec = (
    role: string,
    commonName: string,
    names: { dnsNames?: string[]; ipAddresses?: string[] } = {},
  ): CertificateSpec => {
    const secretName = `clustermesh-apiserver-${role}-cert`;
    const metadata = secretMetadata(ctx, secretName, true);
    if (method !== 'helm') {
      delete metadata.labels;
      delete metadata.annotations;
    }
    return {
      secretName,
      commonName,
      dnsNames: names.dnsNames ?? [],
      ipAddresses: names.ipAddresses ?? [],
      validityDays,
      metadata,
    };
  };
  const server = serverNames(ctx);
  const authMode = goPrint(ctx.at('clustermesh.apiserver.tls.authMode'));
  return [
    spec('server', server.commonName, server),
    spec('admin', `admin-${clusterName}`),
    spec('remote', authMode === 'cluster' ? `remote-${clusterName}` : 'remote'),
    ...(truthy(ctx.at('clustermesh.apiserver.kvstoremesh.enabled'))
      ? [spec('local', `local-${clusterName}`)]
      : []),
  ];
}

export function tlsPlan(ctx: RenderContext): TlsPlan {
  let ca: TlsPlan['ca'];
  if (chartRendersCa(ctx)) {
    const cert = ctx.at('tls.ca.cert');
    const key = ctx.at('tls.ca.key');
    const built =
      truthy(cert) && truthy(key)
        ? buildCustomCert(goPrint(cert), goPrint(key))
        : undefined;
    const labels =
      ctx.minor >= 19
        ? {
            ...commonLabels(ctx),
            'cilium.io/helm-template-non-idempotent': 'true',
          }
        : {};
    ca = {
      metadata: objectMeta(ctx, CA_SECRET, labels),
      ...(built && 'ca' in built ? { custom: built.ca } : {}),
    };
  }
  return {
    namespace: ctx.namespace,
    ca,
    caValidityDays: Math.trunc(Number(ctx.at('tls.ca.certValidityDuration'))),
    certificates: apiserverCertificates(ctx),
  };
}

/** What is already in the cluster that the chart's `lookup`s (and our reuse) see. */
export interface ExistingTls {
  ca?: KubeObject;
  certificates: Record<string, KubeObject | undefined>;
}

function decodeData(
  secret: KubeObject | undefined,
  key: string,
): string | undefined {
  const data = secret?.data as Record<string, string> | undefined;
  const value = data?.[key];
  return value ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

function encodeData(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      Buffer.from(value).toString('base64'),
    ]),
  );
}

function expandIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = ip.includes('::')
    ? Array(8 - left.length - right.length).fill('0')
    : [];
  return [...left, ...zeros, ...right]
    .map(part => part.replace(/^0+(?=.)/, ''))
    .join(':');
}

function altNamesOf(certificate: X509Certificate): string[] {
  return (certificate.subjectAltName ?? '')
    .split(', ')
    .filter(Boolean)
    .map(entry =>
      entry.startsWith('IP Address:')
        ? `IP:${expandIp(entry.slice('IP Address:'.length))}`
        : entry,
    )
    .sort();
}

function wantedAltNames(spec: CertificateSpec): string[] {
  return [
    ...spec.dnsNames.map(name => `DNS:${name}`),
    ...spec.ipAddresses.map(ip => `IP:${expandIp(ip)}`),
  ].sort();
}

/** An issued certificate stays while the current CA signed it, it is valid and it names what the chart asks for. */
function stillGood(
  secret: KubeObject | undefined,
  spec: CertificateSpec,
  ca: X509Certificate,
  now: Date,
): boolean {
  if (!secret || secret.type !== 'kubernetes.io/tls') return false;
  const caPem = decodeData(secret, 'ca.crt');
  const certPem = decodeData(secret, 'tls.crt');
  const keyPem = decodeData(secret, 'tls.key');
  if (!caPem || !certPem || !keyPem) return false;
  try {
    const certificate = new X509Certificate(certPem);
    return (
      new X509Certificate(caPem).fingerprint256 === ca.fingerprint256 &&
      certificate.verify(ca.publicKey) &&
      new Date(certificate.validTo).getTime() > now.getTime() &&
      new Date(certificate.validFrom).getTime() <= now.getTime() + 60_000 &&
      certificate.subject === `CN=${spec.commonName}` &&
      altNamesOf(certificate).join() === wantedAltNames(spec).join() &&
      certificate.checkPrivateKey(createPrivateKey(keyPem))
    );
  } catch {
    return false;
  }
}

function existingCa(secret: KubeObject | undefined): KeyPairPem | undefined {
  const certPem = decodeData(secret, 'ca.crt');
  const keyPem = decodeData(secret, 'ca.key');
  if (!certPem || !keyPem) return undefined;
  try {
    const certificate = new X509Certificate(certPem);
    return certificate.checkPrivateKey(createPrivateKey(keyPem))
      ? { certPem, keyPem }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The CA and certificate Secrets a plan calls for. The CA is the chart's
 * `tls.ca.*`, else the cluster's current `cilium-ca` (the chart's lookup),
 * else a new one; certificates still valid under that CA are kept as they
 * are, the others issued. Keys are generated only when something is missing.
 */
export async function renderCertificates(
  plan: TlsPlan,
  existing: ExistingTls,
  now = new Date(),
): Promise<KubeObject[]> {
  if (!plan.ca && plan.certificates.length === 0) return [];
  const reusable = existingCa(existing.ca);
  if (existing.ca && !reusable && !plan.ca?.custom) {
    // The chart's lookup would fail on it too; replacing it would cut every peer off.
    throw new Error(
      `Secret ${plan.namespace}/${CA_SECRET} has no usable ca.crt and ca.key`,
    );
  }
  let signer: Signer | undefined;
  let caPair = plan.ca?.custom ?? reusable;
  if (!caPair) {
    signer = generateCa(plan.caValidityDays);
    caPair = signer.pair;
  }
  const secrets: KubeObject[] = [];
  if (plan.ca || !existing.ca) {
    const metadata = plan.ca?.metadata ?? {
      name: CA_SECRET,
      namespace: plan.namespace,
    };
    secrets.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata,
      data: encodeData({ 'ca.crt': caPair.certPem, 'ca.key': caPair.keyPem }),
    });
  }
  const caCertificate = new X509Certificate(caPair.certPem);
  for (const spec of plan.certificates) {
    const current = existing.certificates[spec.secretName];
    let data = current?.data as Record<string, string> | undefined;
    if (!stillGood(current, spec, caCertificate, now)) {
      signer ??= signerFrom(caPair);
      const issued = signCertificate(signer, spec);
      data = encodeData({
        'ca.crt': caPair.certPem,
        'tls.crt': issued.certPem,
        'tls.key': issued.keyPem,
      });
    }
    secrets.push({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: spec.metadata,
      data,
    });
  }
  return secrets;
}
