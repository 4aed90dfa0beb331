import { X509Certificate } from 'node:crypto';

/**
 * How Go's crypto/tls judges a peer certificate, reduced to what a lab mesh
 * can get wrong: signed by a CA the other side trusts, and within its
 * validity window. Results are cached by the PEM strings themselves (V8
 * hashes a string once) because a large mesh asks the same question tens of
 * thousands of times per recompute.
 */
export type TrustVerdict =
  | { trusted: true }
  | { trusted: false; error: string };

const parsed = new Map<string, X509Certificate>();
const signatures = new Map<string, Map<string, boolean>>();
const bundles = new Map<string, string[]>();

function certificateOf(pem: string): X509Certificate {
  let certificate = parsed.get(pem);
  if (!certificate) {
    certificate = new X509Certificate(pem);
    parsed.set(pem, certificate);
  }
  return certificate;
}

function signedBy(leafPem: string, caPem: string): boolean {
  let byCa = signatures.get(leafPem);
  if (!byCa) {
    byCa = new Map();
    signatures.set(leafPem, byCa);
  }
  let verdict = byCa.get(caPem);
  if (verdict === undefined) {
    const leaf = certificateOf(leafPem);
    const ca = certificateOf(caPem);
    verdict = leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
    byCa.set(caPem, verdict);
  }
  return verdict;
}

/** Splits a PEM bundle (a CA file may hold several certificates). */
export function pemCertificates(bundle: string): string[] {
  let certificates = bundles.get(bundle);
  if (!certificates) {
    certificates = (
      bundle.match(
        /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
      ) ?? []
    ).map(pem => `${pem}\n`);
    bundles.set(bundle, certificates);
  }
  return certificates;
}

/** Verifies a leaf certificate the way an etcd client (server side) or etcd server (client side) would. */
export function verifyPeerCertificate(
  leafPem: string | undefined,
  trustedCaBundle: string | undefined,
  now: Date,
  role: 'server' | 'client',
): TrustVerdict {
  if (!leafPem) {
    return role === 'server'
      ? { trusted: false, error: 'remote error: tls: internal error' }
      : {
          trusted: false,
          error: 'remote error: tls: certificate required',
        };
  }
  const authorities = pemCertificates(trustedCaBundle ?? '');
  if (!authorities.some(ca => signedBy(leafPem, ca))) {
    return role === 'server'
      ? {
          trusted: false,
          error:
            'tls: failed to verify certificate: x509: certificate signed by unknown authority',
        }
      : { trusted: false, error: 'remote error: tls: bad certificate' };
  }
  const { notBefore, notAfter } = validityOf(leafPem);
  if (now < notBefore || now > notAfter) {
    return role === 'server'
      ? {
          trusted: false,
          error: `tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${goTime(
            now,
          )} is after ${goTime(notAfter)}`,
        }
      : { trusted: false, error: 'remote error: tls: expired certificate' };
  }
  return { trusted: true };
}

const validities = new Map<string, { notBefore: Date; notAfter: Date }>();

function validityOf(pem: string): { notBefore: Date; notAfter: Date } {
  let validity = validities.get(pem);
  if (!validity) {
    const certificate = certificateOf(pem);
    validity = {
      notBefore: new Date(certificate.validFrom),
      notAfter: new Date(certificate.validTo),
    };
    validities.set(pem, validity);
  }
  return validity;
}

const commonNames = new Map<string, string | undefined>();

/** The CN a client certificate asserts: the etcd user. */
export function commonNameOf(pem: string): string | undefined {
  if (!commonNames.has(pem)) {
    commonNames.set(pem, /CN=([^\n,]+)/.exec(certificateOf(pem).subject)?.[1]);
  }
  return commonNames.get(pem);
}

/** Go formats times in x509 errors as RFC 3339 without fractions. */
function goTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
