import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AKS_PREVIEW_API_VERSION,
  ARM_DEFAULT_POLL_INTERVAL_MS,
} from '@meshportal/plugin-cilium-clustermesh-node';

const CONFIG_KEY = 'ciliumClusterMesh.provisioning';

/** `ciliumClusterMesh.provisioning`: how the actions drive Azure, Helm and the wait. */
export interface ProvisioningSettings {
  /** AKS api-version that carries networkProfile.kubeProxyConfig (preview only). */
  previewApiVersion: string;
  /** How often long-running Azure operations are polled. */
  pollIntervalMs: number;
  /** Clusters worked on at once (ARM creates, Helm runs). */
  concurrency: number;
  /** How long `cilium:clustermesh:wait` waits for every link by default. */
  meshReadyTimeoutMs: number;
  /** How often the wait reads every cluster again. */
  meshReadyPollMs: number;
  /** How long one cluster's clustermesh-apiserver may wait for its load balancer address. */
  loadBalancerTimeoutMs: number;
  /** How long helm waits for Cilium's pods on install (`--wait --timeout`). */
  helmWaitTimeoutMs: number;
}

const DEFAULTS: ProvisioningSettings = {
  previewApiVersion: AKS_PREVIEW_API_VERSION,
  pollIntervalMs: ARM_DEFAULT_POLL_INTERVAL_MS,
  concurrency: 4,
  meshReadyTimeoutMs: 10 * 60_000,
  meshReadyPollMs: 5_000,
  loadBalancerTimeoutMs: 10 * 60_000,
  helmWaitTimeoutMs: 10 * 60_000,
};

export function readProvisioningSettings(config: Config): ProvisioningSettings {
  const section = config.getOptionalConfig(CONFIG_KEY);
  const seconds = (key: string, fallbackMs: number) => {
    const value = section?.getOptionalNumber(key);
    if (value === undefined) return fallbackMs;
    if (!(value > 0)) {
      throw new InputError(
        `${CONFIG_KEY}.${key}: must be a positive number of seconds (got ${value}). Fix: set it above 0 or remove it`,
      );
    }
    return value * 1000;
  };
  const previewApiVersion =
    section?.getOptionalString('previewApiVersion') ??
    DEFAULTS.previewApiVersion;
  if (!/^\d{4}-\d{2}-\d{2}-preview$/.test(previewApiVersion)) {
    throw new InputError(
      `${CONFIG_KEY}.previewApiVersion: must be an AKS preview api-version such as ${AKS_PREVIEW_API_VERSION} (got "${previewApiVersion}"): only preview versions carry kubeProxyConfig. Fix: use a current preview version`,
    );
  }
  const concurrency =
    section?.getOptionalNumber('concurrency') ?? DEFAULTS.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InputError(
      `${CONFIG_KEY}.concurrency: must be a whole number of at least 1 (got ${concurrency}). Fix: set for example 4`,
    );
  }
  return {
    previewApiVersion,
    pollIntervalMs: seconds('pollIntervalSeconds', DEFAULTS.pollIntervalMs),
    concurrency,
    meshReadyTimeoutMs: seconds(
      'meshReadyTimeoutSeconds',
      DEFAULTS.meshReadyTimeoutMs,
    ),
    meshReadyPollMs: seconds('meshReadyPollSeconds', DEFAULTS.meshReadyPollMs),
    loadBalancerTimeoutMs: seconds(
      'loadBalancerTimeoutSeconds',
      DEFAULTS.loadBalancerTimeoutMs,
    ),
    helmWaitTimeoutMs: seconds(
      'helmWaitTimeoutSeconds',
      DEFAULTS.helmWaitTimeoutMs,
    ),
  };
}
