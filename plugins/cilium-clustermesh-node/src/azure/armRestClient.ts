import { Client, getClient, HttpResponse } from '@azure-rest/core-client';
import { createHttpPoller } from '@azure/core-lro';
import type { AzureConnection } from './azureConnection';
import {
  ArmErrorDetail,
  armErrorOf,
  AzureOperationError,
  errorFromLro,
  errorFromResponse,
  toAzureOperationError,
} from './azureOperationError';
import { isTerminal, waitUntil } from './armPolling';

/** How often long-running operations are polled unless told otherwise. */
export const ARM_DEFAULT_POLL_INTERVAL_MS = 15_000;

const PUBLIC_CLOUD_SCOPE = 'https://management.azure.com/.default';

/** Sovereign clouds whose ARM endpoint is also the token audience. */
const SOVEREIGN_ARM_ENDPOINTS = [
  'https://management.usgovcloudapi.net',
  'https://management.chinacloudapi.cn',
];

/**
 * The token scope for an ARM endpoint. Only the sovereign clouds have their
 * own audience; everything else (the public cloud, and endpoints that stand
 * in for it such as proxies and emulators) takes public-cloud ARM tokens,
 * which is also what the modular Azure SDKs always ask for.
 */
export function armScopeFor(resourceManagerEndpoint: string): string {
  const endpoint = resourceManagerEndpoint.replace(/\/+$/, '').toLowerCase();
  return SOVEREIGN_ARM_ENDPOINTS.includes(endpoint)
    ? `${endpoint}/.default`
    : PUBLIC_CLOUD_SCOPE;
}

/** A resource as ARM returns it; `properties` is whatever the resource type defines. */
export interface ArmResource {
  id?: string;
  name?: string;
  type?: string;
  location?: string;
  properties?: Record<string, unknown> & { provisioningState?: string };
}

export interface ArmRestClientOptions {
  /** Token scope; by default {@link armScopeFor} the connection's endpoint. */
  scope?: string;
  /** Default poll interval of long-running operations (15 s). */
  pollIntervalMs?: number;
}

export interface ArmRequestOptions {
  signal?: AbortSignal;
}

export interface ArmPutOptions extends ArmRequestOptions {
  /** ARM's status as the operation goes: `Creating`, `InProgress`, `Succeeded`… */
  onProgress?: (status: string) => void;
  pollIntervalMs?: number;
}

export interface ArmPostOptions extends ArmRequestOptions {
  body?: unknown;
}

/**
 * Raw ARM REST calls (for request bodies the GA SDKs can't express, such as
 * the preview-only `kubeProxyConfig`) with ARM's asynchronous-operation
 * protocol through @azure/core-lro. The pipeline's default retry policy stays
 * on: it retries 429s after their Retry-After. Every failure is thrown as an
 * {@link AzureOperationError}, except aborts.
 */
export class ArmRestClient {
  readonly endpoint: string;
  readonly pollIntervalMs: number;
  private readonly client: Client;
  private readonly origin: string;

  constructor(connection: AzureConnection, options: ArmRestClientOptions = {}) {
    this.endpoint = connection.clientOptions.endpoint.replace(/\/+$/, '');
    this.origin = new URL(this.endpoint).origin;
    this.pollIntervalMs =
      options.pollIntervalMs ?? ARM_DEFAULT_POLL_INTERVAL_MS;
    const tlsOptions = connection.clientOptions.tlsOptions;
    this.client = getClient(this.endpoint, connection.credential, {
      credentials: { scopes: [options.scope ?? armScopeFor(this.endpoint)] },
      ...(tlsOptions ? { tlsOptions } : {}),
    });
  }

  /** The resource, or undefined when ARM answers 404. */
  async get<T = ArmResource>(
    path: string,
    apiVersion: string,
    options: ArmRequestOptions = {},
  ): Promise<T | undefined> {
    const response = await this.send('GET', path, () =>
      this.client.pathUnchecked(path).get({
        queryParameters: { 'api-version': apiVersion },
        abortSignal: options.signal,
      }),
    );
    if (response.status === '404') return undefined;
    return checked(response, `GET ${path}`).body as T;
  }

  /** PUT and follow the operation to its end; returns the resource as it then is. */
  async put<T = ArmResource>(
    path: string,
    apiVersion: string,
    body: unknown,
    options: ArmPutOptions = {},
  ): Promise<T> {
    const { signal, onProgress } = options;
    let lastError: ArmErrorDetail | undefined;
    const poller = createHttpPoller(
      {
        sendInitialRequest: async () => {
          const response = await this.send('PUT', path, () =>
            this.client.pathUnchecked(path).put({
              queryParameters: { 'api-version': apiVersion },
              contentType: 'application/json',
              body,
              abortSignal: signal,
            }),
          );
          checked(response, `PUT ${path}`);
          reportStatus(onProgress, response.body);
          return toLro(response);
        },
        sendPollRequest: async (url, pollOptions) => {
          const response = await this.getAbsolute(
            url,
            (pollOptions?.abortSignal as AbortSignal | undefined) ?? signal,
            false,
          );
          const status = statusOf(response.body);
          if (status && /fail|cancel/i.test(status)) {
            lastError = armErrorOf(response.body) ?? lastError;
          }
          reportStatus(onProgress, response.body);
          return toLro(response);
        },
      },
      {
        resourceLocationConfig: 'azure-async-operation',
        intervalInMs: options.pollIntervalMs ?? this.pollIntervalMs,
      },
    );
    try {
      const final = (await poller.pollUntilDone({
        abortSignal: signal,
      })) as HttpResponse;
      return final.body as T;
    } catch (error) {
      throw errorFromLro(error, lastError);
    }
  }

  /** A synchronous action such as `listClusterAdminCredential`. */
  async post<T = unknown>(
    path: string,
    apiVersion: string,
    options: ArmPostOptions = {},
  ): Promise<T> {
    const response = await this.send('POST', path, () =>
      this.client.pathUnchecked(path).post({
        queryParameters: { 'api-version': apiVersion },
        ...(options.body === undefined
          ? {}
          : { contentType: 'application/json', body: options.body }),
        abortSignal: options.signal,
      }),
    );
    return checked(response, `POST ${path}`).body as T;
  }

  /**
   * Follows an operation's status URL (an `Azure-AsyncOperation` header, or
   * the URI an `AnotherOperationInProgress` refusal names) until it ends;
   * returns the terminal status. URLs outside the ARM endpoint are refused,
   * so the token never leaves for another host.
   */
  async waitForOperation(
    statusUrl: string,
    options: ArmRequestOptions & { pollIntervalMs?: number; timeoutMs: number },
  ): Promise<string> {
    const response = await waitUntil(
      `operation ${new URL(statusUrl).pathname}`,
      () => this.getAbsolute(statusUrl, options.signal, true),
      current =>
        current.status === '404' || isTerminal(statusOf(current.body) ?? ''),
      {
        signal: options.signal,
        intervalMs: options.pollIntervalMs ?? this.pollIntervalMs,
        timeoutMs: options.timeoutMs,
      },
    );
    return statusOf(response.body) ?? 'Unknown';
  }

  private async getAbsolute(
    url: string,
    signal: AbortSignal | undefined,
    allowNotFound: boolean,
  ): Promise<HttpResponse> {
    let parsed: URL;
    try {
      parsed = new URL(url, this.endpoint);
    } catch {
      throw new AzureOperationError(
        'InvalidOperationLocation',
        'ARM returned an operation URL that is not a URL',
      );
    }
    if (parsed.origin !== this.origin) {
      throw new AzureOperationError(
        'InvalidOperationLocation',
        `ARM pointed at ${parsed.origin} to follow an operation; only ${this.origin} is trusted with the token`,
      );
    }
    const response = await this.send('GET', parsed.pathname, () =>
      this.client.pathUnchecked(parsed.href).get({ abortSignal: signal }),
    );
    return allowNotFound && response.status === '404'
      ? response
      : checked(response, `GET ${parsed.pathname}`);
  }

  private async send(
    method: string,
    path: string,
    request: () => PromiseLike<HttpResponse>,
  ): Promise<HttpResponse> {
    if (!path.startsWith('/') && !path.startsWith('https://')) {
      throw new AzureOperationError(
        'InvalidPath',
        `${method} ${path}: ARM paths start with /subscriptions/…`,
      );
    }
    try {
      return await request();
    } catch (error) {
      throw toAzureOperationError(error);
    }
  }
}

/** The response if it is a 2xx, else its ARM error. */
function checked(response: HttpResponse, request: string): HttpResponse {
  const status = Number(response.status);
  if (status >= 200 && status < 300) return response;
  throw errorFromResponse(status, response.body, request);
}

function toLro(response: HttpResponse) {
  return {
    flatResponse: response,
    rawResponse: {
      ...response,
      statusCode: Number(response.status),
      body: response.body,
    },
  };
}

/** An operation status body's `status`, or a resource's `provisioningState`. */
function statusOf(body: unknown): string | undefined {
  const value = body as
    | { status?: unknown; properties?: { provisioningState?: unknown } }
    | undefined;
  const status = value?.status ?? value?.properties?.provisioningState;
  return typeof status === 'string' ? status : undefined;
}

function reportStatus(
  onProgress: ((status: string) => void) | undefined,
  body: unknown,
): void {
  const status = statusOf(body);
  if (onProgress && status) onProgress(status);
}
