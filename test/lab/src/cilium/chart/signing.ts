import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { isIP } from 'node:net';
import { KeyPairPem } from '../../pki/certificates';
import {
  bitString,
  explicit,
  integer,
  NULL,
  objectIdentifier,
  octetString,
  sequence,
  set,
  subjectNameOf,
  subjectPublicKeyOf,
  time,
  tlv,
  TRUE,
  utf8String,
} from './der';

const DAY_MS = 24 * 60 * 60 * 1000;

const OID = {
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** A CA that can sign: the chart's own (any key type sprig accepts) or one made here. */
export interface Signer {
  pair: KeyPairPem;
  key: KeyObject;
  issuerName: Buffer;
  hash: string;
  signatureAlgorithm: Buffer;
  /** Goes into the authority key identifier of what it signs, as Go's x509 does. */
  keyId: Buffer;
}

function algorithmFor(key: KeyObject): { hash: string; identifier: Buffer } {
  if (key.asymmetricKeyType === 'rsa') {
    return {
      hash: 'sha256',
      identifier: sequence(objectIdentifier('1.2.840.113549.1.1.11'), NULL),
    };
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const [hash, oid] = {
    secp384r1: ['sha384', '1.2.840.10045.4.3.3'],
    secp521r1: ['sha512', '1.2.840.10045.4.3.4'],
  }[curve ?? ''] ?? ['sha256', '1.2.840.10045.4.3.2'];
  return { hash, identifier: sequence(objectIdentifier(oid)) };
}

function commonNameOf(commonName: string): Buffer {
  return sequence(
    set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))),
  );
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(
    objectIdentifier(oid),
    ...(critical ? [TRUE] : []),
    octetString(value),
  );
}

function newKeyPair(): { privatePem: string; publicDer: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return { privatePem: privateKey, publicDer: publicKey };
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return integer(bytes);
}

function certificatePem(
  signer: Pick<Signer, 'key' | 'hash' | 'signatureAlgorithm'>,
  fields: {
    issuer: Buffer;
    subject: Buffer;
    publicKeyDer: Buffer;
    validityDays: number;
    extensions: Buffer[];
  },
): string {
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    serialNumber(),
    signer.signatureAlgorithm,
    fields.issuer,
    sequence(
      time(notBefore),
      time(new Date(notBefore.getTime() + fields.validityDays * DAY_MS)),
    ),
    fields.subject,
    fields.publicKeyDer,
    explicit(3, sequence(...fields.extensions)),
  );
  const signature = sign(signer.hash, tbs, signer.key);
  const der = sequence(tbs, signer.signatureAlgorithm, bitString(signature));
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

export function signerFrom(pair: KeyPairPem): Signer {
  const key = createPrivateKey(pair.keyPem);
  const { hash, identifier } = algorithmFor(key);
  const certificate = new X509Certificate(pair.certPem);
  return {
    pair,
    key,
    hash,
    signatureAlgorithm: identifier,
    issuerName: subjectNameOf(certificate.raw),
    keyId: keyIdentifier(
      certificate.publicKey.export({ type: 'spki', format: 'der' }),
    ),
  };
}

/** RFC 5280 method 1: the SHA-1 of the subjectPublicKey bytes. */
function keyIdentifier(spkiDer: Buffer): Buffer {
  return createHash('sha1').update(subjectPublicKeyOf(spkiDer)).digest();
}

/** sprig's genCA: a self-signed "Cilium CA" valid for the given days. */
export function generateCa(validityDays: number): Signer {
  const keys = newKeyPair();
  const key = createPrivateKey(keys.privatePem);
  const { hash, identifier } = algorithmFor(key);
  const name = commonNameOf('Cilium CA');
  const keyId = keyIdentifier(keys.publicDer);
  const certPem = certificatePem(
    { key, hash, signatureAlgorithm: identifier },
    {
      issuer: name,
      subject: name,
      publicKeyDer: keys.publicDer,
      validityDays,
      extensions: [
        extension(OID.keyUsage, true, bitString(Buffer.from([0x86]), 1)),
        extension(OID.basicConstraints, true, sequence(TRUE)),
        extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
      ],
    },
  );
  return {
    pair: { certPem, keyPem: keys.privatePem },
    key,
    hash,
    signatureAlgorithm: identifier,
    issuerName: name,
    keyId,
  };
}

/**
 * sprig's genSignedCert: CN only in the subject, the given DNS names and IPs
 * as SANs, usable for both server and client authentication.
 */
export function signCertificate(
  signer: Signer,
  options: {
    commonName: string;
    dnsNames: string[];
    ipAddresses: string[];
    validityDays: number;
  },
): KeyPairPem {
  const keys = newKeyPair();
  const altNames = [
    ...options.dnsNames.map(name => tlv(0x82, Buffer.from(name, 'ascii'))),
    ...options.ipAddresses
      .filter(ip => isIP(ip))
      .map(ip => tlv(0x87, ipBytes(ip))),
  ];
  const certPem = certificatePem(signer, {
    issuer: signer.issuerName,
    subject: commonNameOf(options.commonName),
    publicKeyDer: keys.publicDer,
    validityDays: options.validityDays,
    extensions: [
      extension(OID.keyUsage, true, bitString(Buffer.from([0xa0]), 5)),
      extension(
        OID.extKeyUsage,
        false,
        sequence(
          objectIdentifier(OID.serverAuth),
          objectIdentifier(OID.clientAuth),
        ),
      ),
      extension(OID.basicConstraints, true, sequence()),
      extension(
        OID.authorityKeyIdentifier,
        false,
        sequence(tlv(0x80, signer.keyId)),
      ),
      ...(altNames.length > 0
        ? [extension(OID.subjectAltName, false, sequence(...altNames))]
        : []),
    ],
  });
  return { certPem, keyPem: keys.privatePem };
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const zeros = ip.includes('::') ? 8 - left.length - right.length : 0;
  const all = [...left, ...Array(zeros).fill('0'), ...right];
  return Buffer.concat(
    all.map(group => {
      const value = parseInt(group, 16);
      return Buffer.from([value >> 8, value & 0xff]);
    }),
  );
}
