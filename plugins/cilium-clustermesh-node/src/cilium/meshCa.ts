import { InputError } from '@backstage/errors';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import * as x509 from '@peculiar/x509';
import { webcrypto, X509Certificate } from 'node:crypto';
import { clusterLabel, isNotFound, kubeFailure } from './kubeErrors';

/** A CA certificate and its private key, PEM. The key is a secret. */
export interface CaKeyPair {
  certPem: string;
  keyPem: string;
}

export const CILIUM_CA_SECRET = 'cilium-ca';
const NAMESPACE = 'kube-system';
const DAY_MS = 24 * 60 * 60 * 1000;
/** The chart's own `tls.ca.certValidityDuration` default. */
const CA_VALIDITY_DAYS = 1095;

const decode = (value?: string) =>
  value ? Buffer.from(value, 'base64').toString('utf8') : undefined;

/**
 * The cluster's Cilium CA from Secret kube-system/cilium-ca, or undefined
 * when there is none yet. `ca.crt`/`ca.key` as the chart writes it, else
 * `tls.crt`/`tls.key` as cert-manager does.
 */
export async function readClusterCa(
  kubeConfig: KubeConfig,
): Promise<CaKeyPair | undefined> {
  let data: Record<string, string> | undefined;
  try {
    const secret = await kubeConfig
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ name: CILIUM_CA_SECRET, namespace: NAMESPACE });
    data = secret.data;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw kubeFailure(
      error,
      `read Secret ${NAMESPACE}/${CILIUM_CA_SECRET} in ${clusterLabel(
        kubeConfig,
      )}`,
    );
  }
  const certPem = decode(data?.['ca.crt']) ?? decode(data?.['tls.crt']);
  const keyPem = decode(data?.['ca.key']) ?? decode(data?.['tls.key']);
  if (!certPem || !keyPem) {
    throw new Error(
      `Secret ${NAMESPACE}/${CILIUM_CA_SECRET} in ${clusterLabel(
        kubeConfig,
      )} lacks the CA certificate or key (ca.crt and ca.key); delete it so Cilium recreates it, or restore both keys`,
    );
  }
  return { certPem, keyPem };
}

function randomSerial(): string {
  // Positive, 128 bits: a leading byte below 0x80.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return Buffer.from(bytes).toString('hex');
}

function toPem(der: ArrayBuffer, label: string): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/**
 * A new CA for one mesh: ECDSA P-256 (what Cilium's own certgen uses),
 * CA:true, valid 3 years like the chart's CA. Hand it to every cluster as
 * `tls.ca.cert`/`tls.ca.key` (base64 PEM) so all trust each other.
 */
export async function createMeshCa(commonName: string): Promise<CaKeyPair> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 5 * 60_000);
  const crypto = webcrypto as unknown as Crypto;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: [{ CN: [commonName] }],
      notBefore,
      notAfter: new Date(notBefore.getTime() + CA_VALIDITY_DAYS * DAY_MS),
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign |
            x509.KeyUsageFlags.cRLSign |
            x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(
          keys.publicKey,
          false,
          crypto,
        ),
      ],
    },
    crypto,
  );
  return {
    certPem: certificate.toString('pem'),
    keyPem: toPem(
      await webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
      'PRIVATE KEY',
    ),
  };
}

/** SHA-256 of the certificate's DER (`AB:CD:…`), to compare CAs without their keys. */
export function caFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export interface ClusterCa {
  /** Cluster name, for messages. */
  cluster: string;
  /** What `readClusterCa` found, or undefined. */
  ca?: CaKeyPair;
}

export type MeshCaChoice =
  | {
      kind: 'reuse';
      ca: CaKeyPair;
      fingerprint: string;
      /** The clusters that already hold it. */
      clusters: string[];
    }
  | { kind: 'generate' };

/**
 * Which CA a mesh uses, given what its clusters hold: the one CA they share
 * (kept, so meshed clusters keep trusting each other), a new one when none
 * has any, and a refusal when two clusters hold different CAs, since
 * ClusterMesh needs one trust root and replacing either breaks that cluster's
 * existing connections.
 */
export function chooseMeshCa(existing: ClusterCa[]): MeshCaChoice {
  const byFingerprint = new Map<
    string,
    { ca: CaKeyPair; clusters: string[] }
  >();
  for (const { cluster, ca } of existing) {
    if (!ca) continue;
    const fingerprint = caFingerprint(ca.certPem);
    const entry = byFingerprint.get(fingerprint) ?? { ca, clusters: [] };
    entry.clusters.push(cluster);
    byFingerprint.set(fingerprint, entry);
  }
  const found = [...byFingerprint.entries()];
  if (found.length === 0) return { kind: 'generate' };
  if (found.length === 1) {
    const [[fingerprint, { ca, clusters }]] = found;
    return { kind: 'reuse', ca, fingerprint, clusters };
  }
  const [first, second] = found.map(
    ([fingerprint, { clusters }]) =>
      `${clusters.join(', ')} (CA ${fingerprint.slice(0, 23)}…)`,
  );
  throw new InputError(
    `Clusters hold different Cilium CAs: ${first} and ${second}${
      found.length > 2 ? ` and ${found.length - 2} more` : ''
    }. ClusterMesh needs one CA on every cluster. Fix: mesh only clusters that share a CA, or copy Secret kube-system/${CILIUM_CA_SECRET} from one cluster to the others (their Cilium then re-issues its clustermesh certificates, interrupting existing connections) before trying again`,
  );
}
