import type { KubeApiServer } from '../../kube/apiServer';
import { ciliumMinor } from '../settings';
import { agentStatusJson, kvstoremeshStatusJson } from '../status/agentStatus';
import { agentMetrics, kvstoremeshMetrics } from '../status/metrics';
import { numGlobalServices } from '../services/globalServices';
import { RemoteClusterView } from '../status/remoteCluster';
import { ClusterCilium } from './clusterCilium';
import { attemptLink, reserveClusterIds } from './links';
import { MeshMember } from './member';
import { MeshNetwork } from './network';
import {
  ClusterObservation,
  FailureHistories,
  LinkReport,
} from './observation';
import { remoteClusterView } from './views';
import {
  ClusterService,
  effectiveServiceBackends,
  ServiceBackend,
} from './serviceInstances';

export type { LinkReport } from './observation';

/** A mesh that keeps changing for this many propagation rounds is as settled as it gets. */
const MAX_SETTLE_ROUNDS = 50;

export interface MeshRuntimeOptions {
  /**
   * How long a change takes to reach every observer: secret propagation to
   * pods, watch latency and reconnects in one figure. Default 3000 ms.
   */
  propagationDelayMs?: number;
}

/**
 * Cilium's ClusterMesh across every lab cluster. Each cluster's Cilium is
 * driven only by its Helm release and Kubernetes objects; this class
 * recomputes what every KVStoreMesh and agent sees of its peers — a
 * propagation delay after anything changes — and serves it as the status
 * and metrics of the installed versions.
 */
export class MeshRuntime {
  readonly network = new MeshNetwork();
  private readonly clusters = new Map<string, ClusterCilium>();
  private readonly histories = new Map<
    string,
    { kvstoremesh: FailureHistories; agents: FailureHistories }
  >();
  private observations = new Map<string, ClusterObservation>();
  private members = new Map<string, MeshMember>();
  /** Services as of the last recompute: observers act on what has propagated. */
  private services = new Map<string, ClusterService[]>();
  private timer?: NodeJS.Timeout;
  private waiters: (() => void)[] = [];
  private readonly propagationDelayMs: number;
  /** Counts every change any cluster reported, to tell when the mesh is quiet. */
  private changes = 0;
  private stopped = false;

  constructor(options: MeshRuntimeOptions = {}) {
    this.propagationDelayMs = options.propagationDelayMs ?? 3000;
  }

  attach(server: KubeApiServer): ClusterCilium {
    const cilium = new ClusterCilium(
      server,
      this.network,
      () => this.schedule(),
      {
        agentMetrics: (cluster, node) => this.agentMetricsText(cluster, node),
        kvstoremeshMetrics: cluster => this.kvstoremeshMetricsText(cluster),
        agentStatus: (cluster, node) => this.agentStatus(cluster, node),
        kvstoremeshStatus: cluster =>
          kvstoremeshStatusJson(
            this.memberOf(cluster)?.settings.chartVersion ?? '1.20.0',
            this.kvstoremeshViews(cluster) ?? [],
          ),
      },
    );
    this.clusters.set(server.name, cilium);
    this.schedule();
    return cilium;
  }

  cluster(name: string): ClusterCilium {
    const cilium = this.clusters.get(name);
    if (!cilium) throw new Error(`The lab has no cluster named ${name}`);
    return cilium;
  }

  /** Drops packets from `from` to `to` (and back with `bothWays`). */
  partition(from: string, to: string, bothWays = false): void {
    this.network.partition(from, to);
    if (bothWays) this.network.partition(to, from);
    this.schedule();
  }

  heal(from?: string, to?: string): void {
    this.network.heal(from, to);
    this.schedule();
  }

  /**
   * Resolves once the mesh is quiet: installers, controllers and endpoints
   * have caught up, and a recompute has run with nothing changing since.
   */
  async settled(): Promise<void> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      await Promise.all([...this.clusters.values()].map(c => c.settled()));
      const changesBefore = this.changes;
      await this.nextRecompute();
      if (this.changes === changesBefore) return;
    }
  }

  private nextRecompute(): Promise<void> {
    if (!this.timer) this.arm();
    return new Promise<void>(resolve => this.waiters.push(resolve));
  }

  /**
   * The loopback host:port standing in for a clustermesh-apiserver address
   * (e.g. an internal load balancer IP in a cluster's data), where a real TLS
   * handshake shows the certificate peers get. Seen from `from` when given,
   * as addresses are only unique within a VNet.
   */
  endpointAt(
    ip: string,
    port: number,
    from?: string,
  ): { host: string; port: number } | undefined {
    const owner = this.network.owner(from ?? '', ip, port);
    return owner && this.clusters.get(owner.cluster)?.apiserverLoopbackAddress;
  }

  /** Per observer and peer: ready or not, and why. */
  links(): LinkReport[] {
    return [...this.observations.values()].flatMap(observation =>
      observation.reports(),
    );
  }

  kvstoremeshViews(cluster: string): RemoteClusterView[] | undefined {
    return this.observations.get(cluster)?.kvstoremeshView();
  }

  agentViews(cluster: string, node?: string): RemoteClusterView[] {
    const views = this.observations.get(cluster)?.agentView() ?? [];
    if (node && !this.clusters.get(cluster)?.agentReadyOn(node)) {
      return views.map(view => notReadyAgentView(view));
    }
    return views;
  }

  /** The backends a client in `cluster` reaches for Service namespace/name, tagged with their cluster. */
  backendsFor(
    cluster: string,
    namespace: string,
    name: string,
  ): ServiceBackend[] {
    const consumer = this.members.get(cluster);
    if (!consumer) return [];
    return effectiveServiceBackends(
      consumer.settings,
      this.services.get(cluster) ?? [],
      this.connectedPeerServices(cluster),
      namespace,
      name,
    );
  }

  /** Services of the peers whose data the cluster's agents currently hold. */
  private connectedPeerServices(cluster: string): ClusterService[] {
    const ready = this.observations.get(cluster)?.readyPeers() ?? new Set();
    return [...this.members.values()]
      .filter(
        member =>
          member.name !== cluster && ready.has(member.settings.clusterName),
      )
      .flatMap(member => this.services.get(member.name) ?? []);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.clusters.values()].map(c => c.stop()));
    this.clusters.clear();
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private schedule(): void {
    this.changes += 1;
    if (!this.timer) this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.recompute();
    }, this.propagationDelayMs);
    this.timer.unref();
  }

  private recompute(): void {
    const now = new Date();
    const waiters = this.waiters.splice(0);
    const members = new Map<string, MeshMember>();
    const services = new Map<string, ClusterService[]>();
    for (const cilium of this.clusters.values()) {
      const member = cilium.snapshot();
      if (!member) continue;
      members.set(cilium.name, member);
      services.set(cilium.name, cilium.serviceInstances());
    }
    this.members = members;
    this.services = services;
    const observations = new Map<string, ClusterObservation>();
    for (const member of members.values()) {
      observations.set(member.name, this.observe(member, members, now));
    }
    this.observations = observations;
    for (const resolve of waiters) resolve();
  }

  private observe(
    member: MeshMember,
    members: ReadonlyMap<string, MeshMember>,
    now: Date,
  ): ClusterObservation {
    const { settings } = member;
    const mesh = settings.clustermesh;
    const peers = mesh.configEnabled
      ? mesh.peers
          .filter(peer => peer.name !== settings.clusterName)
          .sort((a, b) => (a.name < b.name ? -1 : 1))
      : [];
    const network = this.network.viewFrom(member.name, members);
    const outcomes = reserveClusterIds(
      settings.clusterId,
      peers.map(peer => ({
        peer: peer.name,
        outcome: attemptLink(member, peer, network, now),
      })),
    );
    let histories = this.histories.get(member.name);
    if (!histories) {
      histories = {
        kvstoremesh: new FailureHistories(),
        agents: new FailureHistories(),
      };
      this.histories.set(member.name, histories);
    }
    return ClusterObservation.of(member, outcomes, histories, now);
  }

  /** ≤ 1.18 agents count the global services their connected peers export. */
  private numGlobalServices(cluster: string, chartVersion: string): number {
    return ciliumMinor(chartVersion) <= 18
      ? numGlobalServices(this.connectedPeerServices(cluster))
      : 0;
  }

  private memberOf(cluster: string): MeshMember | undefined {
    return this.members.get(cluster) ?? this.clusters.get(cluster)?.snapshot();
  }

  private agentStatus(cluster: string, node: string): object {
    const member = this.memberOf(cluster);
    if (!member) return {};
    return agentStatusJson(
      member.settings.chartVersion,
      this.agentViews(cluster, node),
      {
        numGlobalServices: this.numGlobalServices(
          cluster,
          member.settings.chartVersion,
        ),
        clusterMeshRunning: member.settings.clustermesh.configEnabled,
      },
    );
  }

  private agentMetricsText(cluster: string, node: string): string {
    const member = this.memberOf(cluster);
    if (!member) return '';
    const { chartVersion, clusterName } = member.settings;
    const views = this.agentViews(cluster, node);
    const globalServices = this.numGlobalServices(cluster, chartVersion);
    return renderedOnce(
      views,
      `agent ${chartVersion} ${clusterName} ${node} ${globalServices}`,
      () =>
        agentMetrics(
          chartVersion,
          { clusterName, nodeName: node },
          views,
          globalServices,
        ),
    );
  }

  private kvstoremeshMetricsText(cluster: string): string {
    const member = this.memberOf(cluster);
    if (!member) return '';
    const { chartVersion, clusterName } = member.settings;
    const views = this.kvstoremeshViews(cluster) ?? [];
    return renderedOnce(
      views,
      `kvstoremesh ${chartVersion} ${clusterName}`,
      () => kvstoremeshMetrics(chartVersion, clusterName, views),
    );
  }
}

/**
 * Metrics text per view list: views are rebuilt whenever the mesh changes,
 * so a scrape of an unchanged mesh is served without rendering ~1,500 lines
 * again, as a real agent's registry would serve it without our CPU.
 */
const renderedTexts = new WeakMap<
  readonly RemoteClusterView[],
  Map<string, string>
>();

function renderedOnce(
  views: readonly RemoteClusterView[],
  key: string,
  render: () => string,
): string {
  let texts = renderedTexts.get(views);
  if (!texts) {
    texts = new Map();
    renderedTexts.set(views, texts);
  }
  let text = texts.get(key);
  if (text === undefined) {
    text = render();
    texts.set(key, text);
  }
  return text;
}

/** An agent that is not ready has no working ClusterMesh subsystem. */
function notReadyAgentView(view: RemoteClusterView): RemoteClusterView {
  return remoteClusterView(
    view.name,
    { state: 'failing', error: 'cilium agent not ready' },
    view,
    false,
  );
}
