import { X509Certificate } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { Values } from '../../helm/values';
import { KubeObject } from '../../kube/types';
import { renderCertificates, renderRelease } from './render';

const release = { name: 'cilium', namespace: 'kube-system' };

function plan(version: string, values: Values) {
  return renderRelease({
    chartVersion: version,
    userValues: { cluster: { name: 'cluster1', id: 1 }, ...values },
    release,
  }).tls;
}

const decode = (secret: KubeObject, key: string) =>
  Buffer.from((secret.data as Record<string, string>)[key], 'base64').toString(
    'utf8',
  );

const byName = (secrets: KubeObject[]) =>
  Object.fromEntries(secrets.map(secret => [secret.metadata.name!, secret]));

describe('renderCertificates', () => {
  it('gives a peer certificates that work for mutual TLS under *.mesh.cilium.io', async () => {
    const secrets = byName(
      await renderCertificates(
        plan('1.20.0', { clustermesh: { useAPIServer: true } }),
        {
          certificates: {},
        },
      ),
    );
    const pem = (name: string, key: string) => decode(secrets[name], key);
    const ca = pem('cilium-ca', 'ca.crt');
    const server = createServer(
      {
        cert: pem('clustermesh-apiserver-server-cert', 'tls.crt'),
        key: pem('clustermesh-apiserver-server-cert', 'tls.key'),
        ca,
        requestCert: true,
        rejectUnauthorized: true,
      },
      socket => socket.end(`hello ${socket.getPeerCertificate().subject.CN}`),
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const greeting = await new Promise<string>((resolve, reject) => {
        const socket = connect({
          host: '127.0.0.1',
          port: (server.address() as AddressInfo).port,
          servername: 'cluster1.mesh.cilium.io',
          ca,
          cert: pem('clustermesh-apiserver-remote-cert', 'tls.crt'),
          key: pem('clustermesh-apiserver-remote-cert', 'tls.key'),
        });
        let text = '';
        socket.on('data', chunk => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(greeting).toBe('hello remote');
    } finally {
      server.close();
    }
  });

  it('names the 1.16 server certificate after clustermesh-apiserver.cilium.io, with tls.server extras', async () => {
    const secrets = byName(
      await renderCertificates(
        plan('1.16.19', {
          clustermesh: {
            useAPIServer: true,
            apiserver: {
              tls: {
                server: {
                  extraDnsNames: ['mesh.example.com'],
                  extraIpAddresses: ['10.9.0.1'],
                },
              },
            },
          },
        }),
        { certificates: {} },
      ),
    );
    const server = new X509Certificate(
      decode(secrets['clustermesh-apiserver-server-cert'], 'tls.crt'),
    );
    expect(server.subject).toBe('CN=clustermesh-apiserver.cilium.io');
    expect(server.subjectAltName).toBe(
      'DNS:clustermesh-apiserver.cilium.io, DNS:*.mesh.cilium.io, DNS:clustermesh-apiserver.kube-system.svc, DNS:mesh.example.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.9.0.1',
    );
    // 1.16 Secrets carry no chart labels, only Helm's ownership.
    expect(secrets['cilium-ca'].metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'Helm',
    });
  });

  it('keeps the CA but re-issues certificates once they have expired', async () => {
    const tls = plan('1.20.0', { clustermesh: { useAPIServer: true } });
    const first = byName(await renderCertificates(tls, { certificates: {} }));
    const existing = {
      ca: first['cilium-ca'],
      certificates: first,
    };
    const sameDay = byName(await renderCertificates(tls, existing));
    expect(sameDay['clustermesh-apiserver-admin-cert'].data).toEqual(
      first['clustermesh-apiserver-admin-cert'].data,
    );
    const nextYear = new Date(Date.now() + 366 * 86_400_000);
    const later = byName(await renderCertificates(tls, existing, nextYear));
    expect(later['cilium-ca'].data).toEqual(first['cilium-ca'].data);
    expect(
      decode(later['clustermesh-apiserver-admin-cert'], 'tls.crt'),
    ).not.toBe(decode(first['clustermesh-apiserver-admin-cert'], 'tls.crt'));
  });

  it('refuses to replace a cilium-ca it cannot sign with', async () => {
    const tls = plan('1.20.0', { clustermesh: { useAPIServer: true } });
    const broken: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cilium-ca', namespace: 'kube-system' },
      data: { 'ca.crt': Buffer.from('not a certificate').toString('base64') },
    };
    await expect(
      renderCertificates(tls, { ca: broken, certificates: {} }),
    ).rejects.toThrow(
      'Secret kube-system/cilium-ca has no usable ca.crt and ca.key',
    );
  });

  it.each<[string, Values, string[], boolean]>([
    [
      'method cronJob: certgen writes them, without Helm ownership',
      {
        clustermesh: {
          useAPIServer: true,
          apiserver: { tls: { auto: { method: 'cronJob' } } },
        },
      },
      [
        'cilium-ca',
        'clustermesh-apiserver-server-cert',
        'clustermesh-apiserver-admin-cert',
        'clustermesh-apiserver-remote-cert',
        'clustermesh-apiserver-local-cert',
      ],
      false,
    ],
    [
      'method certmanager: none of them',
      {
        clustermesh: {
          useAPIServer: true,
          apiserver: {
            tls: {
              auto: {
                method: 'certmanager',
                certManagerIssuerRef: { name: 'x' },
              },
            },
          },
        },
      },
      [],
      false,
    ],
  ])('%s', async (_case, values, names, owned) => {
    const secrets = await renderCertificates(
      plan('1.20.0', {
        hubble: { enabled: false, relay: { enabled: false } },
        ...values,
      }),
      { certificates: {} },
    );
    expect(secrets.map(secret => secret.metadata.name)).toEqual(names);
    expect(
      secrets.some(
        secret =>
          secret.metadata.labels?.['app.kubernetes.io/managed-by'] === 'Helm',
      ),
    ).toBe(owned);
  });
});
