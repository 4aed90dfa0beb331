import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ArmRestClient,
  AzureConnection,
  CiliumValuesSchemas,
  HelmRunner,
  readAzureConnection,
} from '@meshportal/plugin-cilium-clustermesh-node';
import { MeshRegistryClient } from './meshRegistryClient';
import { ProvisioningSettings, readProvisioningSettings } from './settings';

/**
 * What the actions share: settings, and Azure, Helm and schema access built
 * on first use, so a portal that only reads status starts without them and a
 * missing setting fails the action that needs it, naming the key.
 */
export interface MeshToolkit {
  settings: ProvisioningSettings;
  azure(): AzureConnection;
  arm(): ArmRestClient;
  helm(): HelmRunner;
  schemas(): CiliumValuesSchemas;
  registry: MeshRegistryClient;
}

export function createMeshToolkit(options: {
  config: Config;
  auth: AuthService;
  discovery: DiscoveryService;
  logger: LoggerService;
}): MeshToolkit {
  const { config } = options;
  const settings = readProvisioningSettings(config);
  let azure: AzureConnection | undefined;
  let arm: ArmRestClient | undefined;
  let helm: HelmRunner | undefined;
  let schemas: CiliumValuesSchemas | undefined;
  const toolkit: MeshToolkit = {
    settings,
    azure: () => (azure ??= readAzureConnection(config)),
    arm: () =>
      (arm ??= new ArmRestClient(toolkit.azure(), {
        pollIntervalMs: settings.pollIntervalMs,
      })),
    helm: () => (helm ??= HelmRunner.fromConfig(config)),
    schemas: () => (schemas ??= CiliumValuesSchemas.fromConfig(config)),
    registry: new MeshRegistryClient(options),
  };
  return toolkit;
}
