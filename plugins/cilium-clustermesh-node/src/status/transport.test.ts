import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  CertificateAuthority,
  createCertificateAuthority,
  issueCertificate,
  KeyPairPem,
} from '@meshportal/lab';
import { KeptAliveTransport, TransportError } from './transport';

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('KeptAliveTransport', () => {
  let ca: CertificateAuthority;
  let clientA: KeyPairPem;
  let clientB: KeyPairPem;
  let server: Server;
  let url: string;
  let connections = 0;
  let closed = 0;
  let delayMs = 0;
  const seen: { authorization?: string; client?: string }[] = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority('cluster CA');
    const serverCert = await issueCertificate(ca, {
      commonName: 'apiserver',
      subjectAltNames: ['127.0.0.1'],
      usage: 'server',
    });
    [clientA, clientB] = await Promise.all([
      issueCertificate(ca, { commonName: 'client-a', usage: 'client' }),
      issueCertificate(ca, { commonName: 'client-b', usage: 'client' }),
    ]);
    server = createServer(
      {
        cert: serverCert.certPem,
        key: serverCert.keyPem,
        ca: ca.certPem,
        requestCert: true,
        rejectUnauthorized: false,
      },
      (request: IncomingMessage, response: ServerResponse) => {
        const socket = request.socket as TLSSocket;
        seen.push({
          authorization: request.headers.authorization,
          client: socket.getPeerCertificate()?.subject?.CN as string,
        });
        setTimeout(() => {
          response.writeHead(200, { 'Content-Type': 'application/json' });
          response.end(
            JSON.stringify({
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'cilium-config', namespace: 'kube-system' },
              data: { 'cluster-name': 'cluster1' },
            }),
          );
        }, delayMs);
      },
    );
    server.on('secureConnection', (socket: TLSSocket) => {
      connections++;
      socket.on('close', () => closed++);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    connections = 0;
    closed = 0;
    delayMs = 0;
    seen.length = 0;
  });

  const kubeConfig = (user: {
    token?: string;
    certData?: string;
    keyData?: string;
  }) => {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: url, caData: base64(ca.certPem) }],
      users: [{ name: 'u', ...user }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    return config;
  };

  const bounds = (requestTimeoutMs = 5_000) => ({
    signal: new AbortController().signal,
    requestTimeoutMs,
  });

  const readConfigMap = (api: CoreV1Api) =>
    api.readNamespacedConfigMap({
      name: 'cilium-config',
      namespace: 'kube-system',
    });

  it('sends every request of a cluster over one kept-alive TLS connection', async () => {
    const transport = new KeptAliveTransport();
    const api = new CoreV1Api(
      transport.configuration(kubeConfig({ token: 'first' }), bounds()),
    );
    for (let i = 0; i < 20; i++) {
      expect((await readConfigMap(api)).data).toEqual({
        'cluster-name': 'cluster1',
      });
    }
    expect(seen).toHaveLength(20);
    expect(connections).toBe(1);

    // A later observation with a refreshed (Azure) token: same connection.
    const refreshed = new CoreV1Api(
      transport.configuration(kubeConfig({ token: 'second' }), bounds()),
    );
    await Promise.all([readConfigMap(refreshed), readConfigMap(refreshed)]);
    expect(seen.slice(-2).map(request => request.authorization)).toEqual([
      'Bearer second',
      'Bearer second',
    ]);
    expect(connections).toBe(2);

    transport.close();
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(closed).toBe(2);
  });

  it('starts a new agent when the client certificate changes', async () => {
    const transport = new KeptAliveTransport();
    const withCertificate = (certificate: KeyPairPem) =>
      new CoreV1Api(
        transport.configuration(
          kubeConfig({
            certData: base64(certificate.certPem),
            keyData: base64(certificate.keyPem),
          }),
          bounds(),
        ),
      );
    await readConfigMap(withCertificate(clientA));
    await readConfigMap(withCertificate(clientA));
    expect(connections).toBe(1);
    await readConfigMap(withCertificate(clientB));
    expect(connections).toBe(2);
    expect(seen.map(request => request.client)).toEqual([
      'client-a',
      'client-a',
      'client-b',
    ]);
    await new Promise(resolve => setTimeout(resolve, 50));
    // The first agent's socket went with it.
    expect(closed).toBe(1);
    transport.close();
  });

  it('aborts a request that outlives its timeout', async () => {
    delayMs = 1_000;
    const transport = new KeptAliveTransport();
    const api = new CoreV1Api(
      transport.configuration(kubeConfig({ token: 't' }), bounds(100)),
    );
    const started = Date.now();
    await expect(readConfigMap(api)).rejects.toEqual(
      new TransportError('timeout'),
    );
    expect(Date.now() - started).toBeLessThan(900);
    transport.close();
  });

  it('aborts every request when the observation signal fires', async () => {
    delayMs = 1_000;
    const transport = new KeptAliveTransport();
    const controller = new AbortController();
    const api = new CoreV1Api(
      transport.configuration(kubeConfig({ token: 't' }), {
        signal: controller.signal,
        requestTimeoutMs: 10_000,
      }),
    );
    const reads = [readConfigMap(api), readConfigMap(api)];
    setTimeout(() => controller.abort(), 50);
    for (const read of reads) {
      await expect(read).rejects.toMatchObject({ kind: 'timeout' });
    }
    transport.close();
  });

  it('names refused connections by their code', async () => {
    const transport = new KeptAliveTransport();
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
      users: [{ name: 'u', token: 't' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const api = new CoreV1Api(transport.configuration(config, bounds()));
    await expect(readConfigMap(api)).rejects.toEqual(
      new TransportError('unreachable', 'ECONNREFUSED'),
    );
    transport.close();
  });
});
