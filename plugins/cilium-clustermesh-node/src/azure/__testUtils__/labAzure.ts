import { ClientSecretCredential } from '@azure/identity';
import type { Lab } from '@meshportal/lab';
import { request } from 'node:https';
import { ArmRestClient } from '../armRestClient';
import type { AzureConnection } from '../azureConnection';
import { ManagedClusterPlan } from '../managedClusters';

/** The lab's ARM as `readAzureConnection` builds it from a portal config. */
export function labConnection(lab: Lab): AzureConnection {
  const tlsOptions = { ca: lab.arm.caPem };
  return {
    subscriptionId: lab.arm.subscriptionId,
    resourceManagerEndpoint: lab.arm.endpoint,
    credential: new ClientSecretCredential(
      lab.arm.tenantId,
      lab.arm.clientId,
      lab.arm.clientSecret,
      {
        authorityHost: lab.arm.endpoint,
        disableInstanceDiscovery: true,
        tlsOptions,
      },
    ),
    clientOptions: { endpoint: lab.arm.endpoint, tlsOptions },
  };
}

/** The lab finishes operations on their first poll: poll fast. */
export const FAST = { pollIntervalMs: 20 };

export function labArm(connection: AzureConnection): ArmRestClient {
  return new ArmRestClient(connection, FAST);
}

export function clusterPlan(
  aksName: string,
  overrides: Partial<ManagedClusterPlan> = {},
): ManagedClusterPlan {
  return {
    aksName,
    resourceGroup: 'rg-mesh',
    location: 'westeurope',
    podCidr: '10.1.0.0/16',
    serviceCidr: '10.2.0.0/16',
    dnsServiceIP: '10.2.0.10',
    nodeCount: 1,
    vmSize: 'Standard_D4s_v5',
    kubernetesVersion: '1.33',
    ...overrides,
  };
}

/**
 * Sends a PUT and does not follow its operation, which the lab then keeps
 * in progress until someone polls it: another client's write in flight.
 */
export async function putWithoutPolling(
  lab: Lab,
  connection: AzureConnection,
  path: string,
  apiVersion: string,
  body: unknown,
): Promise<number> {
  const token = await connection.credential.getToken(
    'https://management.azure.com/.default',
  );
  return new Promise((resolve, reject) => {
    const put = request(
      `${lab.arm.endpoint}${path}?api-version=${apiVersion}`,
      {
        method: 'PUT',
        ca: lab.arm.caPem,
        headers: {
          authorization: `Bearer ${token!.token}`,
          'content-type': 'application/json',
        },
      },
      response => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    put.on('error', reject);
    put.end(JSON.stringify(body));
  });
}

/** Strings that must never reach a message or an output. */
export async function secretsOf(
  lab: Lab,
  connection: AzureConnection,
): Promise<string[]> {
  const armToken = await connection.credential.getToken(
    'https://management.azure.com/.default',
  );
  return [armToken!.token, lab.arm.clientSecret, '-----BEGIN', 'eyJ'];
}

export function expectNoSecrets(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
  }
}
