import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface TestCertificate {
  certPem: string;
  keyPem: string;
  /** Subject key identifier, lowercase hex. */
  keyId: string;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

export interface TestCa extends TestCertificate {
  issue(options: {
    commonName: string;
    dnsNames?: string[];
    ipAddresses?: string[];
    client?: boolean;
  }): Promise<TestCertificate>;
}

/** A throw-away CA whose certificates carry an authority key identifier, as Go and cfssl write them. */
export async function createTestCa(commonName: string): Promise<TestCa> {
  const keys = await keyPair();
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      ski,
    ],
  });
  return {
    certPem: ca.toString('pem'),
    keyPem: await keyPem(keys.privateKey),
    keyId: ski.keyId.toLowerCase(),
    async issue({ commonName: cn, dnsNames = [], ipAddresses = [], client }) {
      const leafKeys = await keyPair();
      const leafSki = await x509.SubjectKeyIdentifierExtension.create(
        leafKeys.publicKey,
      );
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: Date.now().toString(16),
        subject: `CN=${cn}`,
        issuer: ca.subject,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 3_600_000),
        publicKey: leafKeys.publicKey,
        signingKey: keys.privateKey,
        signingAlgorithm: ALGORITHM,
        extensions: [
          new x509.ExtendedKeyUsageExtension([
            client
              ? x509.ExtendedKeyUsage.clientAuth
              : x509.ExtendedKeyUsage.serverAuth,
          ]),
          await x509.AuthorityKeyIdentifierExtension.create(ca),
          leafSki,
          new x509.SubjectAlternativeNameExtension([
            ...dnsNames.map(value => ({ type: 'dns' as const, value })),
            ...ipAddresses.map(value => ({ type: 'ip' as const, value })),
          ]),
        ],
      });
      return {
        certPem: leaf.toString('pem'),
        keyPem: await keyPem(leafKeys.privateKey),
        keyId: leafSki.keyId.toLowerCase(),
      };
    },
  };
}
