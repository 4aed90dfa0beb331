import { createServer, Server } from 'node:tls';
import { closeServer, listenOnLoopback } from '../../net/loopback';

export interface EndpointCredentials {
  certPem: string;
  keyPem: string;
  /** CAs whose client certificates the etcd accepts. */
  trustedCaBundle: string;
}

/**
 * The TLS face of one cluster's clustermesh-apiserver (its etcd on 2379):
 * a real listener on its own loopback address that presents the current
 * server certificate and demands a client certificate from a trusted CA, so
 * certificate faults can be checked with any TLS client. Load balancer
 * addresses in the cluster's data map to it through the mesh network.
 */
export class ApiserverEndpoint {
  private server?: Server;
  private address?: { host: string; port: number };

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** host:port on loopback while listening. */
  get loopbackAddress(): { host: string; port: number } | undefined {
    return this.listening ? this.address : undefined;
  }

  /** Starts (or re-keys) the listener; with no credentials it stops. */
  async serve(credentials: EndpointCredentials | undefined): Promise<void> {
    if (!credentials) {
      await this.close();
      return;
    }
    const context = {
      cert: credentials.certPem,
      key: credentials.keyPem,
      ca: credentials.trustedCaBundle,
    };
    if (this.server?.listening) {
      this.server.setSecureContext(context);
      return;
    }
    const server = createServer({
      ...context,
      requestCert: true,
      rejectUnauthorized: true,
    });
    server.on('secureConnection', socket => socket.end());
    server.on('tlsClientError', () => undefined);
    this.server = server;
    this.address = await listenOnLoopback(
      server,
      this.address?.host,
      this.address?.port ?? 0,
    );
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }
}
