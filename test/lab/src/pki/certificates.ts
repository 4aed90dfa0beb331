import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

// P-256 keys: fast to generate (the lab makes hundreds) and accepted by every TLS stack we use.
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate and its private key, both PEM. */
export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

export interface CertificateAuthority extends KeyPairPem {
  commonName: string;
  /** @internal signing material, never serialised */
  readonly signingKey: CryptoKey;
  readonly certificate: x509.X509Certificate;
}

export interface IssueOptions {
  commonName: string;
  /** Kubernetes-style groups, written as O= entries (used for client identities). */
  organizations?: string[];
  /** DNS names and IP addresses the certificate is valid for. */
  subjectAltNames?: string[];
  usage: 'server' | 'client' | 'server-and-client';
  notBefore?: Date;
  validForMs?: number;
}

function randomSerial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

/** PKCS#8 PEM of a key generated at run time (the lab never stores keys). */
export async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

function escapeDn(value: string): string {
  return value.replace(/([,+="\\<>;])/g, '\\$1');
}

export async function createCertificateAuthority(
  commonName: string,
  validForMs = 3650 * DAY_MS,
): Promise<CertificateAuthority> {
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${escapeDn(commonName)}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + validForMs),
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    commonName,
    certPem: certificate.toString('pem'),
    keyPem: await exportKeyPem(keys.privateKey),
    signingKey: keys.privateKey,
    certificate,
  };
}

/** Re-creates a CA from PEM (e.g. a `cilium-ca` Secret) so it can sign again. */
export async function loadCertificateAuthority(
  pair: KeyPairPem,
): Promise<CertificateAuthority> {
  const certificate = new x509.X509Certificate(pair.certPem);
  const der = Buffer.from(
    pair.keyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''),
    'base64',
  );
  const signingKey = (await webcrypto.subtle.importKey(
    'pkcs8',
    der,
    KEY_ALGORITHM,
    true,
    ['sign'],
  )) as unknown as CryptoKey;
  const commonName =
    certificate.subjectName.getField('CN')[0] ?? certificate.subject;
  return { ...pair, commonName, signingKey, certificate };
}

export async function issueCertificate(
  ca: CertificateAuthority,
  options: IssueOptions,
): Promise<KeyPairPem> {
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const extendedUsages = {
    server: [x509.ExtendedKeyUsage.serverAuth],
    client: [x509.ExtendedKeyUsage.clientAuth],
    'server-and-client': [
      x509.ExtendedKeyUsage.serverAuth,
      x509.ExtendedKeyUsage.clientAuth,
    ],
  }[options.usage];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension(extendedUsages),
    await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
  ];
  if (options.subjectAltNames?.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        options.subjectAltNames.map(value => ({
          type: isIP(value) ? ('ip' as const) : ('dns' as const),
          value,
        })),
      ),
    );
  }
  const subject = [
    ...(options.organizations ?? []).map(o => `O=${escapeDn(o)}`),
    `CN=${escapeDn(options.commonName)}`,
  ].join(', ');
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: ca.certificate.subject,
    notBefore,
    notAfter: new Date(
      notBefore.getTime() + (options.validForMs ?? 365 * DAY_MS),
    ),
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions,
  });
  return {
    certPem: certificate.toString('pem'),
    keyPem: await exportKeyPem(keys.privateKey),
  };
}

/** The identity a TLS client certificate asserts: CN is the user, O entries are groups. */
export function clientIdentityOf(certificate: {
  subject?: Record<string, string | string[] | undefined>;
}): { user: string; groups: string[] } | undefined {
  const subject = certificate.subject;
  const cn = subject?.CN;
  if (!cn) return undefined;
  return {
    user: Array.isArray(cn) ? cn[0] : cn,
    groups: ([] as string[]).concat(subject?.O ?? []),
  };
}
