import { createPrivateKey, X509Certificate } from 'node:crypto';
import { KeyPairPem } from '../../pki/certificates';

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PEM_BLOCK = /-----BEGIN ([^-\n]+)-----\r?\n([\s\S]*?)-----END \1-----/;

/** Go's base64.StdEncoding.DecodeString: padding required, newlines ignored. */
function decodeStdBase64(text: string): Buffer | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  return BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}

function firstPemBlock(
  text: string,
): { type: string; der: Buffer } | undefined {
  const match = PEM_BLOCK.exec(text);
  if (!match) return undefined;
  const body = match[2]
    .split('\n')
    .filter(line => !line.includes(':'))
    .join('');
  const der = decodeStdBase64(body);
  return der ? { type: match[1], der } : undefined;
}

function certificateError(der: Buffer): string | undefined {
  try {
    return new X509Certificate(der).raw.length > 0
      ? undefined
      : 'empty certificate';
  } catch (error) {
    return (error as Error).message;
  }
}

function privateKeyError(keyPem: string): string | undefined {
  const block = firstPemBlock(keyPem);
  if (!block) return 'no PEM data in input';
  const { type } = block;
  if (type !== 'PRIVATE KEY' && !type.endsWith(' PRIVATE KEY')) {
    return `no private key data in PEM block of type ${type}`;
  }
  const kind = type.slice(0, -' PRIVATE KEY'.length);
  if (type !== 'PRIVATE KEY' && !['RSA', 'EC', 'DSA'].includes(kind)) {
    return `invalid private key type ${type}`;
  }
  try {
    createPrivateKey(keyPem);
    return undefined;
  } catch (error) {
    const reason = (error as Error).message;
    return type === 'PRIVATE KEY'
      ? `decoding PEM as PKCS#8: ${reason}`
      : `parsing ${kind} private key from PEM: ${reason}`;
  }
}

/**
 * sprig's buildCustomCert, which the chart calls on tls.ca.cert/tls.ca.key:
 * both base64 of PEM. Returns the CA PEMs, or the error sprig returns.
 */
export function buildCustomCert(
  b64cert: string,
  b64key: string,
): { ca: KeyPairPem } | { error: string } {
  const cert = decodeStdBase64(b64cert);
  if (!cert) return { error: 'unable to decode base64 certificate' };
  const key = decodeStdBase64(b64key);
  if (!key) return { error: 'unable to decode base64 private key' };
  const certPem = cert.toString('utf8');
  const keyPem = key.toString('utf8');
  const certBlock = firstPemBlock(certPem);
  if (!certBlock) return { error: 'unable to decode certificate' };
  const certError = certificateError(certBlock.der);
  if (certError) {
    return {
      error: `error parsing certificate: decodedCert.Bytes: x509: ${certError}`,
    };
  }
  const keyError = privateKeyError(keyPem);
  if (keyError) return { error: `error parsing private key: ${keyError}` };
  return { ca: { certPem, keyPem } };
}
