import { InputError } from '@backstage/errors';
import type { ClusterAccess } from '../azure/clusterAccess';
import { checkHelmValue } from '../helm/helmArgs';
import { HelmError } from '../helm/helmError';
import { HelmRunner } from '../helm/helmRunner';
import { CiliumValuesSchemas, ReleaseValues } from './valuesSchemas';

export const CILIUM_RELEASE = 'cilium';
export const CILIUM_NAMESPACE = 'kube-system';

/**
 * Where the chart comes from. The runner gives helm an empty config home, so
 * a repository alias such as `cilium/cilium` would not resolve with a real
 * helm; the chart name plus `--repo` works without any `helm repo add`.
 */
export interface CiliumChartSource {
  reference: string;
  repo?: string;
}

export const DEFAULT_CILIUM_CHART: CiliumChartSource = {
  reference: 'cilium',
  repo: 'https://helm.cilium.io',
};

/** The deployed `cilium` release: what helm stored, user-supplied values only. */
export interface CiliumRelease {
  chartVersion: string;
  revision: number;
  /** e.g. `deployed`, `failed`, `pending-upgrade`. */
  status: string;
  values: ReleaseValues;
}

interface HelmReleaseStatus {
  version?: number;
  info?: { status?: string };
  chart?: { metadata?: { version?: string } };
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`helm printed no JSON for ${what}`);
  }
}

/**
 * The `cilium` release in kube-system, or undefined before the first
 * install (`helm status` says "release: not found").
 */
export async function readCiliumRelease(
  helm: HelmRunner,
  access: ClusterAccess,
  signal?: AbortSignal,
): Promise<CiliumRelease | undefined> {
  let status: HelmReleaseStatus;
  try {
    const { stdout } = await helm.run(
      ['status', CILIUM_RELEASE, '-n', CILIUM_NAMESPACE, '-o', 'json'],
      { access, signal },
    );
    status = parseJson(stdout, `the status of ${CILIUM_RELEASE}`);
  } catch (error) {
    if (error instanceof HelmError && error.releaseNotFound) return undefined;
    throw error;
  }
  const revision = status.version;
  const chartVersion = status.chart?.metadata?.version;
  if (typeof revision !== 'number' || !chartVersion) {
    throw new Error(
      `helm status of ${CILIUM_RELEASE} on ${access.cluster} names no revision or chart version`,
    );
  }
  // Values of that very revision, in case another upgrade lands in between.
  const { stdout } = await helm.run(
    [
      'get',
      'values',
      CILIUM_RELEASE,
      '-n',
      CILIUM_NAMESPACE,
      '--revision',
      String(revision),
      '-o',
      'json',
    ],
    { access, signal },
  );
  // Helm prints `null` for a release installed without values.
  const values = parseJson<ReleaseValues | null>(stdout, 'the release values');
  return {
    chartVersion,
    revision,
    status: status.info?.status ?? 'unknown',
    values: values ?? {},
  };
}

export interface EnsureCiliumReleaseOptions {
  chartVersion: string;
  /** The full values wanted, given the release's current user-supplied values. */
  desiredValues: (current?: ReleaseValues) => ReleaseValues;
  /** `--wait`: until every Deployment and DaemonSet of the release is ready. */
  wait?: boolean;
  /** helm's `--timeout` with wait; default 10 minutes. */
  waitTimeoutMs?: number;
  /** When given, values are checked against the chart's schema before helm runs. */
  schemas?: CiliumValuesSchemas;
  chart?: CiliumChartSource;
  signal?: AbortSignal;
}

export interface EnsureCiliumReleaseResult {
  changed: boolean;
  revision: number;
  /** The revision before, undefined on first install. */
  previousRevision?: number;
}

const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;

/**
 * Installs or upgrades `cilium` in kube-system so that its user-supplied
 * values and chart version are exactly the desired ones. An equal, deployed
 * release is left alone: no helm upgrade, no new revision. Otherwise the
 * complete values go in one file (no `--reuse-values`), so what is stored is
 * exactly what was asked for.
 */
export async function ensureCiliumRelease(
  helm: HelmRunner,
  access: ClusterAccess,
  options: EnsureCiliumReleaseOptions,
): Promise<EnsureCiliumReleaseResult> {
  const { chartVersion, signal } = options;
  const chart = options.chart ?? DEFAULT_CILIUM_CHART;
  const invalid = checkHelmValue('chartVersion', chartVersion, 'chartVersion');
  if (invalid) {
    throw new InputError(
      `${invalid.field}: ${invalid.rule}. Fix: ${invalid.fix}`,
    );
  }
  const current = await readCiliumRelease(helm, access, signal);
  const desired = normalise(options.desiredValues(current?.values));
  if (options.schemas) await options.schemas.check(chartVersion, desired);

  if (
    current &&
    current.status === 'deployed' &&
    current.chartVersion === chartVersion.replace(/^v/, '') &&
    deepEqual(normalise(current.values), desired)
  ) {
    return { changed: false, revision: current.revision };
  }

  const waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const { stdout } = await helm.run(
    [
      'upgrade',
      '--install',
      CILIUM_RELEASE,
      chart.reference,
      ...(chart.repo ? ['--repo', chart.repo] : []),
      '--version',
      chartVersion,
      '-n',
      CILIUM_NAMESPACE,
      '-f',
      'values.json',
      ...(options.wait
        ? ['--wait', '--timeout', `${Math.ceil(waitTimeoutMs / 1000)}s`]
        : []),
      '-o',
      'json',
    ],
    {
      access,
      signal,
      files: { 'values.json': JSON.stringify(desired, null, 2) },
      // Let helm report its own deadline before the runner kills it.
      ...(options.wait ? { timeoutMs: waitTimeoutMs + 120_000 } : {}),
    },
  );
  const revision = parseRevision(stdout);
  return {
    changed: true,
    revision:
      revision ??
      (await readCiliumRelease(helm, access, signal))?.revision ??
      (current?.revision ?? 0) + 1,
    previousRevision: current?.revision,
  };
}

function parseRevision(stdout: string): number | undefined {
  try {
    const version = (JSON.parse(stdout) as HelmReleaseStatus).version;
    return typeof version === 'number' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** Values as helm stores them: JSON data, undefined entries dropped. */
function normalise(values: ReleaseValues): ReleaseValues {
  return JSON.parse(JSON.stringify(values ?? {}));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => deepEqual(item, b[i]))
    );
  }
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  ) {
    return false;
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return (
    aKeys.length === Object.keys(b).length &&
    aKeys.every(
      key =>
        Object.hasOwn(bRecord, key) &&
        deepEqual((a as Record<string, unknown>)[key], bRecord[key]),
    )
  );
}
