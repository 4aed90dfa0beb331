import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { availableParallelism } from 'node:os';

/**
 * Which clustermesh-apiservers get a TLS handshake to read their certificate:
 * every one (at `clustermeshApiserverEndpoint` or else the Service address),
 * none, or only those with `clustermeshApiserverEndpoint` set, for backends
 * that cannot route to the clusters' internal load balancers.
 */
export type ProbeCertificates = boolean | 'configuredEndpoints';

/** How the backend reads mesh status (`ciliumClusterMesh.status` in app-config). */
export interface StatusSettings {
  schedule: SchedulerServiceTaskScheduleDefinition;
  clusterTimeoutMs: number;
  concurrency: number;
  probeCertificates: ProbeCertificates;
  staleAfterMs: number;
  historyRetentionDays: number;
  manualRefreshIntervalMs: number;
  /** Worker threads that parse metrics scrapes; 0 parses on the event loop. */
  metricsParserThreads: number;
}

const CONFIG_KEY = 'ciliumClusterMesh.status';

export const DEFAULT_STATUS_SETTINGS: StatusSettings = {
  schedule: {
    frequency: { seconds: 30 },
    timeout: { minutes: 2 },
    initialDelay: { seconds: 5 },
  },
  clusterTimeoutMs: 10_000,
  concurrency: 16,
  probeCertificates: true,
  staleAfterMs: 300_000,
  historyRetentionDays: 30,
  manualRefreshIntervalMs: 10_000,
  // One core stays with the event loop (API answers, TLS, the mesh model).
  metricsParserThreads: Math.min(2, availableParallelism() - 1),
};

export function readStatusSettings(config: RootConfigService): StatusSettings {
  const status = config.getOptionalConfig(CONFIG_KEY);
  if (!status) return DEFAULT_STATUS_SETTINGS;
  const scheduleConfig = status.getOptionalConfig('schedule');
  const positive = (key: string, fallback: number) => {
    const value = status.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (!(value > 0)) {
      throw new InputError(
        `${CONFIG_KEY}.${key}: must be a positive number (got ${value}). Fix: set a value above 0 or remove the key for the default ${fallback}`,
      );
    }
    return value;
  };
  return {
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_STATUS_SETTINGS.schedule,
    clusterTimeoutMs:
      positive(
        'clusterTimeoutSeconds',
        DEFAULT_STATUS_SETTINGS.clusterTimeoutMs / 1000,
      ) * 1000,
    concurrency: Math.floor(
      positive('concurrency', DEFAULT_STATUS_SETTINGS.concurrency),
    ),
    probeCertificates: readProbeCertificates(status),
    staleAfterMs:
      positive(
        'staleAfterSeconds',
        DEFAULT_STATUS_SETTINGS.staleAfterMs / 1000,
      ) * 1000,
    historyRetentionDays: positive(
      'historyRetentionDays',
      DEFAULT_STATUS_SETTINGS.historyRetentionDays,
    ),
    manualRefreshIntervalMs:
      positive(
        'manualRefreshIntervalSeconds',
        DEFAULT_STATUS_SETTINGS.manualRefreshIntervalMs / 1000,
      ) * 1000,
    metricsParserThreads: readThreadCount(status),
  };
}

function readThreadCount(status: RootConfigService): number {
  const key = 'metricsParserThreads';
  const value = status.getOptionalNumber(key);
  if (value === undefined) return DEFAULT_STATUS_SETTINGS.metricsParserThreads;
  if (!Number.isInteger(value) || value < 0 || value > 16) {
    throw new InputError(
      `${CONFIG_KEY}.${key}: must be a whole number from 0 to 16 (got ${value}). Fix: set 0 to parse on the event loop, or the number of spare cores, or remove the key for the default ${DEFAULT_STATUS_SETTINGS.metricsParserThreads}`,
    );
  }
  return value;
}

function readProbeCertificates(status: RootConfigService): ProbeCertificates {
  const key = 'probeCertificates';
  if (status.getOptional(key) === 'configuredEndpoints') {
    return 'configuredEndpoints';
  }
  try {
    // Booleans as Backstage reads them, "false" from an environment variable included.
    return (
      status.getOptionalBoolean(key) ??
      DEFAULT_STATUS_SETTINGS.probeCertificates
    );
  } catch {
    throw new InputError(
      `${CONFIG_KEY}.${key}: must be true, false or "configuredEndpoints". Fix: set true to probe every clustermesh-apiserver, "configuredEndpoints" to probe only clusters with clustermeshApiserverEndpoint, or false for none`,
    );
  }
}
