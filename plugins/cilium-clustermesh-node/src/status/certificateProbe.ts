import { createHash } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  X509Certificate,
} from '@peculiar/x509';
import type {
  ObservationError,
  ServerCertificateObservation,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { isIP } from 'node:net';
import { connect, PeerCertificate, TLSSocket } from 'node:tls';
import { MESH_DOMAIN } from './workloads';

export interface CertificateProbeTarget {
  host: string;
  port: number;
  /** Cilium `cluster-name`: peers dial `<name>.mesh.cilium.io`, so that is the SNI we send. */
  clusterName?: string;
}

export class CertificateProbeError extends Error {
  constructor(readonly observation: ObservationError) {
    super(observation.message);
    this.name = 'CertificateProbeError';
  }
}

/** `host:port`, `[v6]:port`; undefined when it is not one. */
export function parseEndpoint(
  endpoint: string,
): { host: string; port: number } | undefined {
  const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(endpoint.trim());
  const port = Number(match?.[2]);
  return match && port > 0 && port < 65536
    ? { host: match[1], port }
    : undefined;
}

export function formatEndpoint(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The clustermesh-apiserver's server certificate, read from a TLS handshake
 * without any secret: the server asks for a client certificate, we offer
 * none, and the server's certificate has arrived by then. Verification is
 * off on purpose: we report what peers get, not whether we trust it.
 */
export function probeServerCertificate(
  target: CertificateProbeTarget,
  signal: AbortSignal,
): Promise<ServerCertificateObservation> {
  const endpoint = formatEndpoint(target.host, target.port);
  const source = `TLS handshake with ${endpoint}`;
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({
      host: target.host,
      port: target.port,
      servername: target.clusterName
        ? `${target.clusterName}.${MESH_DOMAIN}`
        : undefined,
      rejectUnauthorized: false,
    });
    let settled = false;
    // Assigned below; finish must be able to unregister it.
    let onAbort: () => void = () => undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      outcome();
    };
    const fromPeer = (): boolean => {
      const certificate = socket.getPeerCertificate(false) as
        | PeerCertificate
        | undefined;
      if (!certificate?.raw) return false;
      try {
        const facts = certificateFacts(endpoint, certificate.raw);
        finish(() => resolve(facts));
      } catch {
        finish(() =>
          reject(
            failure(source, 'invalid', 'the certificate could not be parsed'),
          ),
        );
      }
      return true;
    };
    onAbort = () =>
      finish(() =>
        reject(failure(source, 'timeout', 'no handshake before the deadline')),
      );
    signal.addEventListener('abort', onAbort);
    if (signal.aborted) onAbort();
    socket.once('secureConnect', () => {
      if (!fromPeer()) {
        finish(() =>
          reject(failure(source, 'invalid', 'the server sent no certificate')),
        );
      }
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // With TLS 1.2 a server demanding a client certificate aborts the
      // handshake, but only after sending its own.
      if (fromPeer()) return;
      finish(() =>
        reject(failure(source, kindOf(error.code), describe(error))),
      );
    });
  });
}

/**
 * Parsing a certificate costs ~10 ms; a clustermesh-apiserver serves the same
 * one for a year, so each distinct certificate is parsed once.
 */
const factsByCertificate = new Map<string, ServerCertificateObservation>();
const FACTS_KEPT = 1024;

function certificateFacts(
  endpoint: string,
  der: Buffer,
): ServerCertificateObservation {
  const key = `${endpoint} ${createHash('sha256').update(der).digest('hex')}`;
  const known = factsByCertificate.get(key);
  if (known) return known;
  const facts = parseCertificateFacts(endpoint, der);
  if (factsByCertificate.size >= FACTS_KEPT) factsByCertificate.clear();
  factsByCertificate.set(key, facts);
  return facts;
}

function parseCertificateFacts(
  endpoint: string,
  der: Buffer,
): ServerCertificateObservation {
  const certificate = new X509Certificate(new Uint8Array(der));
  const authorityKey = certificate.getExtension(
    AuthorityKeyIdentifierExtension,
  );
  return {
    endpoint,
    subject: certificate.subject,
    issuer: certificate.issuer,
    notAfter: certificate.notAfter.toISOString(),
    ...(authorityKey?.keyId
      ? { issuerKeyId: authorityKey.keyId.toLowerCase() }
      : {}),
  };
}

function failure(
  source: string,
  kind: ObservationError['kind'],
  detail: string,
): CertificateProbeError {
  return new CertificateProbeError({
    source,
    kind,
    message: `${source}: ${detail}`,
  });
}

function kindOf(code: string | undefined): ObservationError['kind'] {
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'ECONNRESET'
  ) {
    return 'unreachable';
  }
  return code === 'ETIMEDOUT' ? 'timeout' : 'failed';
}

function describe(error: NodeJS.ErrnoException): string {
  return error.code
    ? `the handshake failed (${error.code})`
    : 'the handshake failed';
}
