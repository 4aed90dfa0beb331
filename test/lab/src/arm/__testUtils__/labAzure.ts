import {
  AdditionalPolicyConfig,
  Client,
  HttpResponse,
  getClient,
} from '@azure-rest/core-client';
import { createHttpPoller } from '@azure/core-lro';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import { ClientSecretCredential } from '@azure/identity';
import { ClusterFactory, LabCluster, ManagedClusterSpec } from '../../clusters';
import { toLro } from '../../presets/arm';
import { ArmEmulator, ArmEmulatorOptions } from '../armEmulator';

export const ARM_SCOPE = 'https://management.azure.com/.default';
export const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

/** A cluster factory whose clusters are nothing but fixed kubeconfig strings. */
export class FakeClusterFactory implements ClusterFactory {
  readonly specs: ManagedClusterSpec[] = [];
  readonly stopped: string[] = [];
  failure?: Error;

  async create(spec: ManagedClusterSpec): Promise<LabCluster> {
    if (this.failure) throw this.failure;
    this.specs.push(spec);
    return {
      name: spec.name,
      apiServerUrl: 'https://127.0.0.1:6443',
      caPem: 'fake CA',
      adminKubeconfig: () => adminKubeconfigOf(spec.name),
      readOnlyKubeconfig: () => readOnlyKubeconfigOf(spec.name),
      stop: async () => {
        this.stopped.push(spec.name);
      },
    };
  }
}

export function adminKubeconfigOf(name: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${name}`,
    '    cluster:',
    '      server: https://127.21.0.99:6443',
    '      certificate-authority-data: Q0E=',
    'users:',
    `  - name: clusterAdmin_lab_${name}`,
    '    user:',
    `      client-certificate-data: Y2VydC1vZi0ke25hbWV9`,
    '      client-key-data: a2V5',
    'contexts:',
    `  - name: ${name}-admin`,
    '    context:',
    `      cluster: ${name}`,
    `      user: clusterAdmin_lab_${name}`,
    `current-context: ${name}-admin`,
    '',
  ].join('\n');
}

export function readOnlyKubeconfigOf(name: string): string {
  return `apiVersion: v1\nkind: Config\ncurrent-context: ${name}-reader\n# reader of ${name}\n`;
}

export async function startEmulator(
  options: Partial<ArmEmulatorOptions> = {},
): Promise<{ emulator: ArmEmulator; factory: FakeClusterFactory }> {
  const factory = new FakeClusterFactory();
  const emulator = new ArmEmulator({ clusterFactory: factory, ...options });
  await emulator.start();
  return { emulator, factory };
}

/** How a real client trusts the emulator: `tlsOptions.ca`, honoured by every Azure SDK pipeline. */
export function tlsTrust(emulator: ArmEmulator) {
  return { tlsOptions: { ca: emulator.caPem } };
}

export function credentialFor(
  emulator: ArmEmulator,
  clientSecret = emulator.clientSecret,
): ClientSecretCredential {
  return new ClientSecretCredential(
    emulator.tenantId,
    emulator.clientId,
    clientSecret,
    {
      authorityHost: emulator.endpoint,
      disableInstanceDiscovery: true,
      ...tlsTrust(emulator),
    },
  );
}

export interface RecordedExchange {
  method: string;
  url: string;
  status: number;
  body?: string;
}

/** A client-side policy that records every attempt (after retries and authentication). */
export function recordingPolicy(
  exchanges: RecordedExchange[],
): AdditionalPolicyConfig {
  return {
    position: 'perRetry',
    policy: {
      name: 'labRecording',
      async sendRequest(request, next) {
        const response = await next(request);
        exchanges.push({
          method: request.method,
          url: request.url,
          status: response.status,
          body: response.bodyAsText ?? undefined,
        });
        return response;
      },
    },
  };
}

export interface SdkClientOptions {
  maxRetries?: number;
  record?: RecordedExchange[];
}

/** Options of an unmodified ARM SDK client pointed at the emulator. */
function sdkClientOptions(emulator: ArmEmulator, options: SdkClientOptions) {
  return {
    endpoint: emulator.endpoint,
    ...tlsTrust(emulator),
    ...(options.maxRetries === undefined
      ? {}
      : { retryOptions: { maxRetries: options.maxRetries } }),
    ...(options.record
      ? { additionalPolicies: [recordingPolicy(options.record)] }
      : {}),
  };
}

export function containerServiceClient(
  emulator: ArmEmulator,
  options: SdkClientOptions = {},
): ContainerServiceClient {
  return new ContainerServiceClient(
    credentialFor(emulator),
    emulator.subscriptionId,
    sdkClientOptions(emulator, options),
  );
}

export function networkClient(
  emulator: ArmEmulator,
  options: SdkClientOptions = {},
): NetworkManagementClient {
  return new NetworkManagementClient(
    credentialFor(emulator),
    emulator.subscriptionId,
    sdkClientOptions(emulator, options),
  );
}

/** A spoke virtual network with one node subnet, made through the SDK; returns the subnet's id. */
export async function createSpokeNetwork(
  emulator: ArmEmulator,
  spoke: {
    resourceGroup: string;
    name: string;
    addressPrefix: string;
    nodeSubnetPrefix: string;
  },
): Promise<string> {
  const created = await networkClient(emulator).virtualNetworks.createOrUpdate(
    spoke.resourceGroup,
    spoke.name,
    {
      location: 'westeurope',
      addressSpace: { addressPrefixes: [spoke.addressPrefix] },
      subnets: [{ name: 'nodes', addressPrefix: spoke.nodeSubnetPrefix }],
    },
    { updateIntervalInMs: 10 },
  );
  return created.subnets?.[0].id ?? '';
}

/** A raw ARM client, as the plugin uses for preview-only fields (research-azure §1.4). */
export function armClient(
  emulator: ArmEmulator,
  options: { maxRetries?: number } = {},
): Client {
  return getClient(emulator.endpoint, credentialFor(emulator), {
    credentials: { scopes: [ARM_SCOPE] },
    ...tlsTrust(emulator),
    ...(options.maxRetries === undefined
      ? {}
      : { retryOptions: { maxRetries: options.maxRetries } }),
  });
}

export async function createResourceGroup(
  emulator: ArmEmulator,
  name: string,
  location = 'westeurope',
): Promise<void> {
  const response = await armClient(emulator)
    .pathUnchecked(
      `/subscriptions/${emulator.subscriptionId}/resourcegroups/${name}`,
    )
    .put({
      queryParameters: { 'api-version': '2021-04-01' },
      body: { location },
    });
  if (response.status !== '201' && response.status !== '200') {
    throw new Error(
      `resource group ${name}: ${response.status} ${JSON.stringify(
        response.body,
      )}`,
    );
  }
}

export const BYOCNI_CLUSTER = {
  location: 'westeurope',
  identity: { type: 'SystemAssigned' },
  properties: {
    kubernetesVersion: '1.33',
    dnsPrefix: 'lab-c1',
    agentPoolProfiles: [
      {
        name: 'system',
        mode: 'System',
        count: 2,
        vmSize: 'Standard_D4s_v5',
        osType: 'Linux',
      },
    ],
    networkProfile: {
      networkPlugin: 'none',
      podCidr: '10.10.0.0/16',
      serviceCidr: '10.11.0.0/16',
      dnsServiceIP: '10.11.0.10',
      outboundType: 'loadBalancer',
      kubeProxyConfig: { enabled: false },
    },
  },
};

export function managedClusterPath(
  emulator: ArmEmulator,
  resourceGroup: string,
  name: string,
) {
  return `/subscriptions/${emulator.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/**
 * The plugin's way to send preview-only fields: a raw ARM PUT polled with
 * core-lro's `createHttpPoller` (research-azure §1.4).
 */
export async function putManagedClusterRaw(
  emulator: ArmEmulator,
  path: string,
  body: unknown,
  apiVersion: string,
): Promise<{ status: number; body: Record<string, any> }> {
  const arm = armClient(emulator);
  const poller = createHttpPoller(
    {
      sendInitialRequest: async () =>
        toLro(
          await arm.pathUnchecked(path).put({
            queryParameters: { 'api-version': apiVersion },
            contentType: 'application/json',
            body,
          }),
        ),
      sendPollRequest: async (pollPath: string) =>
        toLro(await arm.pathUnchecked(pollPath).get()),
    },
    { resourceLocationConfig: 'azure-async-operation', intervalInMs: 10 },
  );
  const final = (await poller.pollUntilDone()) as HttpResponse;
  return {
    status: Number(final.status),
    body: final.body as Record<string, any>,
  };
}
