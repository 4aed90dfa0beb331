import { AddressInfo, createServer as createTcpServer } from 'node:net';
import { createServer, Server, TLSSocket } from 'node:tls';
import {
  CertificateAuthority,
  createCertificateAuthority,
  issueCertificate,
  KeyPairPem,
} from '@meshportal/lab';
import { SubjectKeyIdentifierExtension } from '@peculiar/x509';
import {
  CertificateProbeError,
  formatEndpoint,
  parseEndpoint,
  probeServerCertificate,
} from './certificateProbe';

describe('probeServerCertificate', () => {
  let ca: CertificateAuthority;
  let caKeyId: string;
  let serverCert: KeyPairPem;
  const servers: Server[] = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority('Cilium CA');
    caKeyId = ca.certificate
      .getExtension(SubjectKeyIdentifierExtension)!
      .keyId.toLowerCase();
    serverCert = await issueCertificate(ca, {
      commonName: 'clustermesh-apiserver.kube-system.svc',
      subjectAltNames: ['*.mesh.cilium.io'],
      usage: 'server',
    });
  });

  afterAll(async () => {
    await Promise.all(
      servers.map(server => new Promise(resolve => server.close(resolve))),
    );
  });

  /** An etcd-like listener: it demands a client certificate from its CA. */
  async function listen(options: { maxVersion?: 'TLSv1.2' | 'TLSv1.3' } = {}) {
    const serverNames: string[] = [];
    const server = createServer({
      cert: serverCert.certPem,
      key: serverCert.keyPem,
      ca: ca.certPem,
      requestCert: true,
      rejectUnauthorized: true,
      SNICallback: (name, callback) => {
        serverNames.push(name);
        callback(null, undefined);
      },
      ...options,
    });
    server.on('secureConnection', (socket: TLSSocket) => socket.end());
    server.on('tlsClientError', () => undefined);
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as AddressInfo).port,
      serverNames,
    };
  }

  it.each(['TLSv1.3', 'TLSv1.2'] as const)(
    'reads the certificate without presenting one (%s)',
    async maxVersion => {
      const { port, serverNames } = await listen({ maxVersion });
      const certificate = await probeServerCertificate(
        { host: '127.0.0.1', port, clusterName: 'cluster1' },
        AbortSignal.timeout(5_000),
      );
      expect(certificate).toEqual({
        endpoint: `127.0.0.1:${port}`,
        subject: 'CN=clustermesh-apiserver.kube-system.svc',
        issuer: 'CN=Cilium CA',
        notAfter: expect.stringMatching(/Z$/),
        issuerKeyId: caKeyId,
      });
      expect(certificate.issuerKeyId).toMatch(/^[0-9a-f]+$/);
      expect(JSON.stringify(certificate)).not.toContain('BEGIN');
      expect(serverNames).toEqual(['cluster1.mesh.cilium.io']);
    },
  );

  it('fails as unreachable when nothing listens', async () => {
    const { port } = await listen();
    await new Promise<void>(resolve => servers.pop()!.close(() => resolve()));
    await expect(
      probeServerCertificate(
        { host: '127.0.0.1', port },
        AbortSignal.timeout(5_000),
      ),
    ).rejects.toMatchObject({
      observation: {
        source: `TLS handshake with 127.0.0.1:${port}`,
        kind: 'unreachable',
      },
    });
  });

  it('gives up at the deadline when the server never answers the handshake', async () => {
    const silent = createTcpServer(() => undefined);
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const probe = probeServerCertificate(
        { host: '127.0.0.1', port },
        AbortSignal.timeout(200),
      );
      await expect(probe).rejects.toBeInstanceOf(CertificateProbeError);
      await expect(probe).rejects.toMatchObject({
        observation: { kind: 'timeout' },
      });
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      silent.close();
    }
  });
});

describe('endpoints', () => {
  it.each([
    ['10.20.0.100:2379', { host: '10.20.0.100', port: 2379 }],
    ['[fd00::1]:2379', { host: 'fd00::1', port: 2379 }],
    ['mesh.example.com:32379', { host: 'mesh.example.com', port: 32379 }],
    ['10.20.0.100', undefined],
    ['host:99999', undefined],
  ])('parses %s', (text, expected) => {
    expect(parseEndpoint(text)).toEqual(expected);
  });

  it('brackets IPv6 addresses', () => {
    expect(formatEndpoint('fd00::1', 2379)).toBe('[fd00::1]:2379');
    expect(formatEndpoint('10.0.0.1', 2379)).toBe('10.0.0.1:2379');
  });
});
