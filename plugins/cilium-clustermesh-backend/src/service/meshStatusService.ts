import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import {
  buildGlobalServices,
  buildMeshStatus,
  ClusterObservation,
  ConnectionLayer,
  GlobalServiceStatus,
  MeshConnection,
  MeshStatus,
} from '@meshportal/plugin-cilium-clustermesh-common';
import type {
  ConnectionHistoryStore,
  ConnectionStateRecord,
} from '../database';
import type {
  MeshDefinition,
  MeshDirectory,
  MeshSource,
} from './meshDirectory';
import type { StatusSettings } from './settings';
import { packView, unpackView } from './viewCodec';

/** What the API serves for one mesh: built once per refresh, served many times. */
export interface MeshView {
  source: MeshSource;
  status: MeshStatus;
  globalServices: GlobalServiceStatus[];
  refreshedAt: string;
  /** Which definition of the mesh it was read with (see definitionKey); never served. */
  definition?: string;
}

export interface MeshObserver {
  observeMesh(mesh: MeshDefinition): Promise<ClusterObservation[]>;
  retain(meshes: MeshDefinition[]): void;
}

export class RefreshTooSoonError extends Error {
  constructor(readonly retryAfterSeconds: number, mesh: string) {
    super(
      `Mesh ${mesh} was refreshed moments ago; try again in ${retryAfterSeconds} s`,
    );
    this.name = 'RefreshTooSoonError';
  }
}

export interface MeshStatusServiceOptions {
  directory: MeshDirectory;
  observer: MeshObserver;
  cache: CacheService;
  history: ConnectionHistoryStore;
  settings: StatusSettings;
  logger: LoggerService;
  now?: () => Date;
}

const DIRECTORY_TTL_MS = 5_000;
const RETENTION_EVERY_MS = 60 * 60 * 1000;

/**
 * Reads meshes, keeps the latest view of each in memory and in the Backstage
 * cache (so replicas that did not poll can serve it), and records
 * connection-state changes as history.
 */
export class MeshStatusService {
  private readonly views = new Map<string, MeshView>();
  /** Keyed by mesh and definition: a refresh of an old cluster list is not shared with a caller wanting the new one. */
  private readonly inflight = new Map<string, Promise<MeshView>>();
  private meshes = new Map<string, MeshDefinition>();
  private meshesListedAt = 0;
  private lastRetentionAt = 0;
  private readonly now: () => Date;

  constructor(private readonly options: MeshStatusServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The scheduled refresh of every mesh. */
  async refreshAll(): Promise<void> {
    const meshes = await this.listDefinitions(true);
    this.options.observer.retain(meshes);
    const results = await Promise.allSettled(
      meshes.map(mesh => this.refresh(mesh)),
    );
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.options.logger.error(
          `Refreshing mesh ${meshes[index].name} failed: ${result.reason}`,
        );
      }
    });
    await this.applyRetention();
  }

  async listViews(): Promise<MeshView[]> {
    const meshes = await this.listDefinitions(false);
    return Promise.all(meshes.map(mesh => this.viewOf(mesh)));
  }

  async getView(name: string): Promise<MeshView> {
    return this.viewOf(await this.definition(name));
  }

  /** An explicit refresh, at most once per interval per mesh across replicas. */
  async refreshNow(name: string): Promise<MeshView> {
    const mesh = await this.definition(name);
    const lockKey = `refresh-lock:${name}`;
    const lockedUntil = await this.options.cache.get<number>(lockKey);
    const now = this.now().getTime();
    if (lockedUntil !== undefined && lockedUntil > now) {
      throw new RefreshTooSoonError(
        Math.max(1, Math.ceil((lockedUntil - now) / 1000)),
        name,
      );
    }
    const interval = this.options.settings.manualRefreshIntervalMs;
    const lock = (from: number) =>
      this.options.cache.set(lockKey, from + interval, { ttl: interval });
    // Held while reading and for the interval after, so a slow mesh cannot
    // be refreshed back to back.
    await lock(now);
    try {
      return await this.refresh(mesh);
    } finally {
      await lock(this.now().getTime());
    }
  }

  /**
   * A mesh was registered, replaced or removed: the next read lists meshes
   * again and serves no view built from the old definition. Other replicas
   * see the change when their list expires (DIRECTORY_TTL_MS), and then
   * ignore cached views of the old definition as well.
   */
  async definitionChanged(name: string): Promise<void> {
    this.views.delete(name);
    await this.options.cache.delete(cacheKey(name));
    const meshes = await this.listDefinitions(true);
    // Closes the connections to clusters that left the mesh.
    this.options.observer.retain(meshes);
  }

  async history(
    name: string,
    query: Parameters<ConnectionHistoryStore['listEvents']>[1],
  ) {
    await this.definition(name);
    return this.options.history.listEvents(name, query);
  }

  /** The time of each mesh's newest connection-state change; meshes without one are absent. */
  async lastChangeTimes(): Promise<Map<string, string>> {
    return this.options.history.latestEventTimes();
  }

  private async definition(name: string): Promise<MeshDefinition> {
    let mesh = (await this.listDefinitions(false)).find(m => m.name === name);
    if (!mesh && Date.now() - this.meshesListedAt > 1_000) {
      // A mesh registered a moment ago should not wait for the next poll.
      mesh = (await this.listDefinitions(true)).find(m => m.name === name);
    }
    if (!mesh) throw new NotFoundError(`No mesh named ${name}`);
    return mesh;
  }

  private async listDefinitions(fresh: boolean): Promise<MeshDefinition[]> {
    if (fresh || Date.now() - this.meshesListedAt > DIRECTORY_TTL_MS) {
      const listed = await this.options.directory.list();
      this.meshes = new Map(listed.map(mesh => [mesh.name, mesh]));
      this.meshesListedAt = Date.now();
    }
    return [...this.meshes.values()];
  }

  private async viewOf(mesh: MeshDefinition): Promise<MeshView> {
    const definition = definitionKey(mesh);
    // A view read with another cluster list (the mesh was registered again)
    // is not served, here or from another replica's cache.
    const usable = (view: MeshView | undefined): view is MeshView =>
      view !== undefined &&
      view.definition === definition &&
      !this.isStale(view);
    const local = this.views.get(mesh.name);
    if (usable(local)) return local;
    const shared = await unpackView(
      await this.options.cache.get(cacheKey(mesh.name)),
    );
    if (usable(shared)) {
      this.views.set(mesh.name, shared);
      return shared;
    }
    return this.refresh(mesh);
  }

  private isStale(view: MeshView): boolean {
    const age = this.now().getTime() - Date.parse(view.refreshedAt);
    return age > this.options.settings.staleAfterMs;
  }

  /** One refresh per mesh definition at a time: concurrent callers share it. */
  private refresh(mesh: MeshDefinition): Promise<MeshView> {
    const definition = definitionKey(mesh);
    const id = `${mesh.name}\n${definition}`;
    const running = this.inflight.get(id);
    if (running) return running;
    const work = this.build(mesh, definition).finally(() =>
      this.inflight.delete(id),
    );
    this.inflight.set(id, work);
    return work;
  }

  private async build(
    mesh: MeshDefinition,
    definition: string,
  ): Promise<MeshView> {
    const observations = await this.options.observer.observeMesh(mesh);
    const now = this.now();
    const status = buildMeshStatus({
      mesh: mesh.name,
      title: mesh.title,
      observations,
      now,
      staleAfterMs: this.options.settings.staleAfterMs,
    });
    const view: MeshView = {
      source: mesh.source,
      status,
      globalServices: buildGlobalServices(observations, status.connections),
      refreshedAt: now.toISOString(),
      definition,
    };
    const current = this.meshes.get(mesh.name);
    if (!current || definitionKey(current) !== definition) {
      // Registered again or removed while being read: the caller gets what
      // it asked for; nothing is kept or recorded for the old cluster list.
      return view;
    }
    this.views.set(mesh.name, view);
    // Stored as text: the cache's own serializer walks objects in JavaScript
    // and took seconds on a 255-cluster view; JSON.stringify does not.
    await this.options.cache.set(cacheKey(mesh.name), await packView(view), {
      ttl: this.options.settings.staleAfterMs,
    });
    const events = await this.options.history.recordStates(
      mesh.name,
      status.connections.map(connectionRecord),
      now,
    );
    for (const event of events.filter(e => e.previousState !== undefined)) {
      this.options.logger.info(
        `Mesh ${mesh.name}: ${event.from} → ${event.to} ${event.previousState} → ${event.state}`,
      );
    }
    return view;
  }

  private async applyRetention(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastRetentionAt < RETENTION_EVERY_MS) return;
    this.lastRetentionAt = now;
    const cutoff = new Date(
      now - this.options.settings.historyRetentionDays * 86_400_000,
    );
    const deleted = await this.options.history.deleteEventsBefore(cutoff);
    if (deleted > 0) {
      this.options.logger.info(
        `Deleted ${deleted} connection events older than ${cutoff.toISOString()}`,
      );
    }
  }
}

function cacheKey(mesh: string): string {
  // The format is part of the key: replicas of another version ignore it.
  return `view:v2:${mesh}`;
}

const definitionKeys = new WeakMap<MeshDefinition, string>();

/**
 * Identifies what a view was read from: source, title and each cluster's
 * address, CA and probe endpoint. Credentials are left out; they are not
 * what a view shows, and the observer pool notices their changes itself.
 */
function definitionKey(mesh: MeshDefinition): string {
  let key = definitionKeys.get(mesh);
  if (key === undefined) {
    key = createHash('sha256')
      .update(
        JSON.stringify([
          mesh.source,
          mesh.title ?? null,
          mesh.clusters.map(c => [
            c.name,
            c.url,
            c.caData,
            c.authProvider,
            c.clustermeshApiserverEndpoint ?? null,
          ]),
        ]),
      )
      .digest('base64url');
    definitionKeys.set(mesh, key);
  }
  return key;
}

function connectionRecord(connection: MeshConnection): ConnectionStateRecord {
  const layers = [
    layerDetail('agents', connection.agents),
    layerDetail('KVStoreMesh', connection.kvstoremesh),
  ].filter(Boolean);
  return {
    from: connection.from,
    to: connection.to,
    state: connection.state,
    ...(layers.length > 0 && { detail: layers.join(', ') }),
  };
}

function layerDetail(name: string, layer?: ConnectionLayer): string {
  return layer ? `${name} ${layer.ready}/${layer.total} ready` : '';
}
