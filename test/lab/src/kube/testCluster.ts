import { KubeConfig } from '@kubernetes/client-node';
import { request as httpsRequest, RequestOptions } from 'node:https';
import { ManagedClusterSpec } from '../clusters';
import { KubeApiServer, KubeApiServerOptions } from './apiServer';

/** A small AKS cluster spec for tests: two system nodes and one user node. */
export function testClusterSpec(
  overrides: Partial<ManagedClusterSpec> = {},
): ManagedClusterSpec {
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg-mesh',
    name: 'aks-weu',
    location: 'westeurope',
    kubernetesVersion: '1.33',
    fqdn: 'aks-weu-dns-12345678.hcp.westeurope.azmk8s.io',
    agentPools: [
      { name: 'system', count: 2, vmSize: 'Standard_D4s_v5', mode: 'System' },
      { name: 'user', count: 1, vmSize: 'Standard_D2s_v5', mode: 'User' },
    ],
    networkProfile: {
      networkPlugin: 'none',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
    },
    ...overrides,
  };
}

export interface TestCluster {
  server: KubeApiServer;
  admin: KubeConfig;
  reader: KubeConfig;
}

/** Starts an API server and returns client-node configs for its admin and read-only identities. */
export async function startTestCluster(
  options: KubeApiServerOptions = {},
  spec: ManagedClusterSpec = testClusterSpec(),
): Promise<TestCluster> {
  const server = await KubeApiServer.start(spec, options);
  const admin = new KubeConfig();
  admin.loadFromString(server.adminKubeconfig());
  const reader = new KubeConfig();
  reader.loadFromString(server.readOnlyKubeconfig());
  return { server, admin, reader };
}

/** The metav1.Status in a client-node ApiException, whichever form its body came in. */
export function statusOf(error: unknown): {
  code?: number;
  reason?: string;
  message?: string;
  details?: any;
} {
  const body = (error as { body?: unknown }).body;
  return typeof body === 'string' ? JSON.parse(body) : (body as object);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A plain HTTPS request with a kubeconfig's credentials (or none), for what client-node has no method for. */
export async function rawRequest(
  server: { apiServerUrl: string; caPem: string },
  path: string,
  options: {
    kubeConfig?: KubeConfig;
    method?: string;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<RawResponse> {
  const requestOptions: RequestOptions = {
    ca: server.caPem,
    method: options.method ?? 'GET',
    headers: options.headers,
  };
  await options.kubeConfig?.applyToHTTPSOptions(requestOptions);
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${server.apiServerUrl}${path}`,
      requestOptions,
      response => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
