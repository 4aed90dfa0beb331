import {
  Client,
  createRestError,
  getClient,
  HttpResponse,
} from '@azure-rest/core-client';
import { createHttpPoller } from '@azure/core-lro';
import { ClientSecretCredential } from '@azure/identity';
import type { ArmEmulator } from '../arm';

const ARM_SCOPE = 'https://management.azure.com/.default';

/**
 * ARM as an Azure client sees it: the lab's service principal through
 * @azure/identity, raw REST calls through @azure-rest/core-client and the
 * async-operation protocol through @azure/core-lro — the same path the
 * provisioning plugin takes for preview-only fields like kubeProxyConfig.
 */
export class LabArmClient {
  private readonly client: Client;

  constructor(private readonly arm: ArmEmulator) {
    const tls = { tlsOptions: { ca: arm.caPem } };
    const credential = new ClientSecretCredential(
      arm.tenantId,
      arm.clientId,
      arm.clientSecret,
      { authorityHost: arm.endpoint, disableInstanceDiscovery: true, ...tls },
    );
    this.client = getClient(arm.endpoint, credential, {
      credentials: { scopes: [ARM_SCOPE] },
      ...tls,
    });
  }

  get subscriptionPath(): string {
    return `/subscriptions/${this.arm.subscriptionId}`;
  }

  /** PUT and poll the operation to its end; returns the final resource. */
  async put(
    path: string,
    apiVersion: string,
    body: unknown,
  ): Promise<Record<string, any>> {
    const poller = createHttpPoller(
      {
        sendInitialRequest: async () =>
          toLro(
            await this.client.pathUnchecked(path).put({
              queryParameters: { 'api-version': apiVersion },
              contentType: 'application/json',
              body,
            }),
          ),
        sendPollRequest: async (pollPath: string) =>
          toLro(await this.client.pathUnchecked(pollPath).get()),
      },
      { resourceLocationConfig: 'azure-async-operation', intervalInMs: 20 },
    );
    const final = (await poller.pollUntilDone()) as HttpResponse;
    return final.body as Record<string, any>;
  }

  async post(path: string, apiVersion: string): Promise<Record<string, any>> {
    const response = await this.client
      .pathUnchecked(path)
      .post({ queryParameters: { 'api-version': apiVersion } });
    if (response.status !== '200') throw createRestError(response);
    return response.body as Record<string, any>;
  }
}

/** Adapts a raw ARM response for @azure/core-lro's HTTP poller, failing on errors. */
export function toLro(response: HttpResponse) {
  if (!['200', '201', '202'].includes(response.status)) {
    throw createRestError(response);
  }
  return {
    flatResponse: response,
    rawResponse: {
      ...response,
      statusCode: Number(response.status),
      body: response.body,
    },
  };
}
