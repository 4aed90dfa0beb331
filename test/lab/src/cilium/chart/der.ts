/**
 * Just enough DER to write X.509 certificates and to lift a Name out of
 * one: the chart's certificates come by the hundred in benchmarks, and
 * building them this way costs a fraction of a generic ASN.1 library.
 */

function lengthOf(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), lengthOf(body.length), body]);
}

export const sequence = (...content: Buffer[]) => tlv(0x30, ...content);
export const set = (...content: Buffer[]) => tlv(0x31, ...content);
export const octetString = (content: Buffer) => tlv(0x04, content);
export const explicit = (tagNumber: number, content: Buffer) =>
  tlv(0xa0 + tagNumber, content);
export const TRUE = tlv(0x01, Buffer.from([0xff]));
export const NULL = Buffer.from([0x05, 0x00]);

/** A non-negative INTEGER from big-endian bytes. */
export function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(
    0x02,
    trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed,
  );
}

export function bitString(content: Buffer, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.from([unusedBits]), content);
}

export function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (
      let value = Math.floor(arc / 128);
      value > 0;
      value = Math.floor(value / 128)
    ) {
      base128.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export function utf8String(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, 'utf8'));
}

export function ia5String(text: string): Buffer {
  return tlv(0x16, Buffer.from(text, 'ascii'));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
export function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(
    8,
    10,
  )}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(digits, 'ascii'));
}

interface Element {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

function readElement(der: Buffer, start: number): Element {
  const tag = der[start];
  let length = der[start + 1];
  let contentStart = start + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++)
      length = length * 256 + der[contentStart + i];
    contentStart += count;
  }
  return { tag, start, contentStart, end: contentStart + length };
}

function childrenOf(der: Buffer, parent: Element): Element[] {
  const children: Element[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const child = readElement(der, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The DER of a certificate's subject Name, to be the issuer of what it signs. */
export function subjectNameOf(certificateDer: Buffer): Buffer {
  const certificate = readElement(certificateDer, 0);
  const tbs = childrenOf(certificateDer, certificate)[0];
  const fields = childrenOf(certificateDer, tbs);
  // The version is an optional [0]; subject is the fifth field after it.
  const subject = fields[fields[0].tag === 0xa0 ? 5 : 4];
  return certificateDer.subarray(subject.start, subject.end);
}

/** The subjectPublicKey bytes of a SubjectPublicKeyInfo, which key identifiers hash. */
export function subjectPublicKeyOf(spkiDer: Buffer): Buffer {
  const publicKey = childrenOf(spkiDer, readElement(spkiDer, 0))[1];
  // The first content byte counts unused bits; keys have none.
  return spkiDer.subarray(publicKey.contentStart + 1, publicKey.end);
}
