import {
  decodeRelease,
  Release,
  RELEASE_SECRET_TYPE,
} from '../../helm/releases';
import { ClusterObjects } from '../../kube/clusterObjects';
import { KubeObject } from '../../kube/types';
import { CiliumSettings } from '../settings';
import { applyObject, pruneOwned } from './apply';
import { objectKey, ReleaseRef } from './metadata';
import { renderCertificates, renderRelease } from './render';
import { CA_SECRET, TlsPlan } from './tls';

export interface CiliumInstallerOptions {
  /** Told about anything that could not be applied; the installer carries on. */
  log?: (message: string) => void;
  /** The clock certificates are checked and issued against. */
  now?: () => Date;
}

export interface CiliumInstaller {
  stop(): void;
  /** What the cluster's Cilium runs with (the latest applied release), if installed. */
  settings(): CiliumSettings | undefined;
  /** Called after each applied revision and after an uninstall; returns an unsubscribe. */
  onSettingsChange(
    listener: (settings: CiliumSettings | undefined) => void,
  ): () => void;
  /** Resolves once certificate work queued so far is done. */
  whenSettled(): Promise<void>;
}

/** A revision whose objects Helm has applied, or is applying (`--wait` polls meanwhile). */
const APPLIED_STATUSES = new Set([
  'pending-install',
  'pending-upgrade',
  'deployed',
  'failed',
]);

interface ReleaseState {
  ref: ReleaseRef;
  version?: number;
  settings?: CiliumSettings;
  /** What was applied last per object: the base of the next three-way merge. */
  lastApplied: Map<string, KubeObject>;
  /** Bumped by every render or uninstall; queued certificate work of older ones is dropped. */
  generation: number;
}

const SECRET_TYPE = { apiVersion: 'v1', kind: 'Secret' };

function releaseIn(secret: KubeObject): Release | undefined {
  const data = secret.data as Record<string, string> | undefined;
  return data?.release ? decodeRelease(data.release) : undefined;
}

function revisionOf(secret: KubeObject): { version: number; status: string } {
  const labels = secret.metadata.labels ?? {};
  return { version: Number(labels.version), status: labels.status ?? '' };
}

/**
 * Plays Helm's apply step for Cilium releases in one lab cluster: when a
 * release Secret of the cilium chart appears it renders that revision and
 * applies every object synchronously (so `helm --wait`, polling right
 * after, already finds the workloads), then writes the CA and certificates
 * asynchronously. Objects the release stops rendering are deleted, and
 * everything it owns goes with `helm uninstall`.
 */
export function startCiliumInstaller(
  objects: ClusterObjects,
  cluster: { fqdn: string },
  options: CiliumInstallerOptions = {},
): CiliumInstaller {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const releases = new Map<string, ReleaseState>();
  const listeners = new Set<(settings: CiliumSettings | undefined) => void>();
  let pending: Promise<void> = Promise.resolve();
  let stopped = false;

  const currentSettings = (): CiliumSettings | undefined =>
    [...releases.values()].reverse().find(state => state.settings)?.settings;

  const notify = () => {
    const settings = currentSettings();
    for (const listener of [...listeners]) {
      try {
        listener(settings);
      } catch (error) {
        log(`cilium settings listener failed: ${(error as Error).message}`);
      }
    }
  };

  const apply = (state: ReleaseState, object: KubeObject) => {
    const key = objectKey(object);
    try {
      applyObject(objects, object, state.lastApplied.get(key));
      state.lastApplied.set(key, object);
    } catch (error) {
      log(`cannot apply ${key}: ${(error as Error).message}`);
    }
  };

  const prune = (state: ReleaseState, keep: Set<string>) => {
    try {
      for (const removed of pruneOwned(objects, state.ref, keep)) {
        state.lastApplied.delete(objectKey(removed));
      }
    } catch (error) {
      log(
        `cannot prune release ${state.ref.name}: ${(error as Error).message}`,
      );
    }
  };

  const queueCertificates = (state: ReleaseState, plan: TlsPlan) => {
    const generation = state.generation;
    const current = () => !stopped && state.generation === generation;
    pending = pending
      .then(async () => {
        if (!current()) return;
        const secret = (name: string) =>
          objects.get<KubeObject>({
            ...SECRET_TYPE,
            namespace: plan.namespace,
            name,
          });
        const secrets = await renderCertificates(
          plan,
          {
            ca: secret(CA_SECRET),
            certificates: Object.fromEntries(
              plan.certificates.map(spec => [
                spec.secretName,
                secret(spec.secretName),
              ]),
            ),
          },
          now(),
        );
        // A newer revision or an uninstall may have come while keys were made.
        if (!current()) return;
        for (const object of secrets) apply(state, object);
      })
      .catch(error =>
        log(
          `cannot write certificates of release ${state.ref.name}: ${
            (error as Error).message
          }`,
        ),
      );
  };

  const render = (release: Release) =>
    renderRelease({
      chartVersion: release.chart.metadata.version,
      userValues: release.config ?? {},
      release: { name: release.name, namespace: release.namespace },
      cluster,
    });

  /**
   * Without memory of what it applied (a restart), the previous revision's
   * objects are the merge base, as Helm uses the previous release's manifest.
   */
  const newState = (release: Release, previous?: Release): ReleaseState => {
    const lastApplied = new Map<string, KubeObject>();
    for (const object of previous ? render(previous).objects : []) {
      lastApplied.set(objectKey(object), object);
    }
    return {
      ref: { name: release.name, namespace: release.namespace },
      lastApplied,
      generation: 0,
    };
  };

  const install = (key: string, release: Release, previous?: Release) => {
    const state = releases.get(key) ?? newState(release, previous);
    const rendered = render(release);
    state.version = release.version;
    state.generation++;
    for (const object of rendered.objects) apply(state, object);
    prune(state, rendered.ownedKeys);
    state.settings = rendered.settings;
    // Most recently applied last: settings() reports the release touched last.
    releases.delete(key);
    releases.set(key, state);
    notify();
    queueCertificates(state, rendered.tls);
  };

  const uninstall = (key: string) => {
    const state = releases.get(key);
    if (!state) return;
    state.generation++;
    releases.delete(key);
    prune(state, new Set());
    notify();
  };

  const reconcile = (namespace: string, name: string) => {
    const key = `${namespace}/${name}`;
    const secrets = objects
      .list<KubeObject>(SECRET_TYPE, {
        namespace,
        labelSelector: `owner=helm,name=${name}`,
      })
      .filter(secret => secret.type === RELEASE_SECRET_TYPE);
    const revisions = secrets
      .map(secret => ({ secret, ...revisionOf(secret) }))
      .sort((a, b) => b.version - a.version);
    if (revisions.length === 0 || revisions[0].status === 'uninstalled') {
      uninstall(key);
      return;
    }
    const applied = revisions.find(revision =>
      APPLIED_STATUSES.has(revision.status),
    );
    if (!applied || releases.get(key)?.version === applied.version) return;
    const release = releaseIn(applied.secret);
    if (release?.chart?.metadata?.name !== 'cilium') return;
    const previous = releases.has(key)
      ? undefined
      : revisions
          .filter(revision => revision.version < applied.version)
          .map(revision => releaseIn(revision.secret))
          .find(candidate => candidate?.chart?.metadata?.name === 'cilium');
    install(key, release, previous);
  };

  const reconcileSafely = (namespace?: string, name?: string) => {
    if (stopped || !namespace || !name) return;
    try {
      reconcile(namespace, name);
    } catch (error) {
      log(
        `cannot install release ${namespace}/${name}: ${
          (error as Error).message
        }`,
      );
    }
  };

  const unsubscribe = objects.onChange<KubeObject>(
    { ...SECRET_TYPE, labelSelector: 'owner=helm' },
    ({ object }) =>
      reconcileSafely(object.metadata.namespace, object.metadata.labels?.name),
  );
  const existing = new Set(
    objects
      .list<KubeObject>(SECRET_TYPE, { labelSelector: 'owner=helm' })
      .map(
        secret =>
          `${secret.metadata.namespace}\n${secret.metadata.labels?.name}`,
      ),
  );
  for (const entry of existing) {
    const [namespace, name] = entry.split('\n');
    reconcileSafely(namespace, name);
  }

  return {
    stop() {
      stopped = true;
      unsubscribe();
    },
    settings: currentSettings,
    onSettingsChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async whenSettled() {
      let seen: Promise<void>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
  };
}
