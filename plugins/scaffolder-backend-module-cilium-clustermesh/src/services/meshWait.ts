import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  buildMeshStatus,
  ClusterObservation,
  meshReadiness,
  PlannedCluster,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ClusterObserver,
  kubeConfigFor,
} from '@meshportal/plugin-cilium-clustermesh-node';
import { ClusterAccessCache } from './clusterAccessCache';
import type { MeshToolkit } from './toolkit';

/** One cluster's read must not hold up the others' for longer than this. */
const OBSERVE_TIMEOUT_MS = 15_000;

export type MeshWaitCluster = Pick<
  PlannedCluster,
  'ciliumName' | 'resourceGroup' | 'aksName'
>;

/** A cluster that left the mesh: nobody may still name or see it. */
export interface DepartedCluster {
  ciliumName: string;
  /** Where it still runs; absent when it is gone from Azure (then only the others are checked). */
  cluster?: Pick<PlannedCluster, 'resourceGroup' | 'aksName'>;
}

export interface MeshWaitOptions {
  mesh: string;
  clusters: MeshWaitCluster[];
  departed?: DepartedCluster[];
  timeoutMs: number;
  logger: Pick<LoggerService, 'info'>;
  signal?: AbortSignal;
}

/**
 * Waits until every agent of every cluster reports every peer ready, judged
 * by the same observer and status model the backend serves, so "the
 * template finished" and "the portal shows it healthy" mean the same thing.
 * With `departed`, also until no cluster still names or sees those clusters
 * and they see no peer. Logs a per-peer report whenever it changes and
 * fails with it on timeout. Returns the number of directed links.
 */
export async function waitForMeshReady(
  toolkit: MeshToolkit,
  options: MeshWaitOptions,
): Promise<number> {
  const { mesh, clusters, logger, signal } = options;
  const departed = options.departed ?? [];
  const names = clusters.map(cluster => cluster.ciliumName);
  const expectedLinks = names.length * (names.length - 1);
  const deadline = Date.now() + options.timeoutMs;
  const accesses = new ClusterAccessCache(toolkit, signal);
  const observerOf = (
    name: string,
    cluster: Pick<PlannedCluster, 'resourceGroup' | 'aksName'>,
  ) =>
    new ClusterObserver(name, async () =>
      kubeConfigFor(await accesses.get(cluster)),
    );
  const observers = clusters.map(cluster =>
    observerOf(cluster.ciliumName, cluster),
  );
  const departedObservers = departed.flatMap(d =>
    d.cluster ? [observerOf(d.ciliumName, d.cluster)] : [],
  );
  let lastLines: string[] = [];
  let lastReport = '';
  try {
    for (;;) {
      signal?.throwIfAborted();
      const observeBy = new Date(
        Math.min(deadline, Date.now() + OBSERVE_TIMEOUT_MS),
      );
      const observe = (observer: ClusterObserver) =>
        observer.observe({
          deadline: observeBy,
          certificateProbe: false,
          signal,
        });
      const [observations, departedObservations] = await Promise.all([
        Promise.all(observers.map(observe)),
        Promise.all(departedObservers.map(observe)),
      ]);
      const status = buildMeshStatus({
        mesh,
        observations,
        now: new Date(),
      });
      const readiness = meshReadiness(status, names);
      const detachment = detachmentLines(
        observations,
        departedObservations,
        departed.map(d => d.ciliumName),
      );
      if (readiness.ready && detachment.length === 0) {
        logger.info(
          `Mesh ${mesh} is ready: every agent of ${
            names.length
          } clusters sees every peer (${expectedLinks} directed links)${
            departed.length > 0
              ? `; no cluster names or sees ${departed
                  .map(d => d.ciliumName)
                  .join(', ')} any more`
              : ''
          }`,
        );
        return expectedLinks;
      }
      lastLines = [...readiness.lines, ...detachment];
      const report = lastLines.join('\n');
      if (report !== lastReport) {
        logger.info(
          `Waiting for ${
            readiness.pending + detachment.length
          } of the mesh's clusters and links:\n${report}`,
        );
        lastReport = report;
      }
      if (Date.now() >= deadline) break;
      await sleep(
        Math.min(
          toolkit.settings.meshReadyPollMs,
          Math.max(0, deadline - Date.now()),
        ),
        signal,
      );
    }
  } finally {
    for (const observer of [...observers, ...departedObservers]) {
      observer.close();
    }
  }
  throw new Error(
    `Mesh ${mesh} was not ready after ${Math.round(
      options.timeoutMs / 1000,
    )} s; still waiting for:\n${lastLines.join('\n') || 'every cluster'}`,
  );
}

/** Why a departed cluster still counts as attached, one line each; empty once it is detached everywhere. */
function detachmentLines(
  observations: ClusterObservation[],
  departedObservations: ClusterObservation[],
  departed: string[],
): string[] {
  if (departed.length === 0) return [];
  const gone = new Set(departed);
  const lines: string[] = [];
  for (const observation of observations) {
    const cilium = observation.cilium;
    if (!cilium) continue;
    const seen = new Set([
      ...cilium.configuredPeers.map(peer => peer.name),
      ...[...cilium.agentViews, ...cilium.kvstoremeshViews].flatMap(view =>
        view.peers.map(peer => peer.cluster),
      ),
    ]);
    for (const name of departed) {
      if (seen.has(name)) {
        lines.push(
          `${observation.cluster} → ${name}: still configured or connected (waiting for removal)`,
        );
      }
    }
  }
  for (const observation of departedObservations) {
    if (observation.error) {
      lines.push(
        `${observation.cluster}: cannot be read to confirm it has no peers (${observation.error.kind}: ${observation.error.message}) (waiting)`,
      );
      continue;
    }
    const cilium = observation.cilium;
    if (!cilium) continue;
    const peers = new Set([
      ...cilium.configuredPeers.map(peer => peer.name),
      ...[...cilium.agentViews, ...cilium.kvstoremeshViews].flatMap(view =>
        view.peers.map(peer => peer.cluster),
      ),
    ]);
    peers.delete(observation.cluster);
    for (const name of gone) peers.delete(name);
    if (peers.size > 0) {
      lines.push(
        `${observation.cluster}: still configured for or connected to ${[
          ...peers,
        ]
          .sort()
          .join(', ')} (waiting for removal)`,
      );
    }
  }
  return lines;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
