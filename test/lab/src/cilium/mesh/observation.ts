import { RemoteClusterView } from '../status/remoteCluster';
import { LinkOutcome } from './links';
import { MeshMember } from './member';
import { FailureHistory, remoteClusterView } from './views';

export type Layer = 'kvstoremesh' | 'agents';

/** One observer's latest word on one peer, with the reason the lab knows. */
export interface LinkReport {
  from: string;
  to: string;
  layer: Layer;
  ready: boolean;
  /** Why it is not ready, in the words of the component's log. */
  reason?: string;
}

interface History extends FailureHistory {
  failing: boolean;
}

/** Failure counters per peer, kept across recomputes as Cilium keeps them per remote cluster. */
export class FailureHistories {
  private readonly byPeer = new Map<string, History>();

  record(peer: string, outcome: LinkOutcome, now: Date): FailureHistory {
    const previous = this.byPeer.get(peer);
    const failing = outcome.state !== 'ready';
    if (previous && previous.failing === failing) return previous;
    const next: History = failing
      ? {
          numFailures: (previous?.numFailures ?? 0) + 1,
          lastFailure: now,
          failing,
        }
      : {
          numFailures: previous?.numFailures ?? 0,
          lastFailure: previous?.lastFailure,
          failing,
        };
    this.byPeer.set(peer, next);
    return next;
  }
}

interface LinkState {
  peer: string;
  outcome: LinkOutcome;
  history: FailureHistory;
}

const LOCAL_APISERVER_UNAVAILABLE =
  'dial tcp: lookup clustermesh-apiserver.kube-system.svc: connect: connection refused';

/**
 * What one cluster's KVStoreMesh and agents concluded at a recompute. Views
 * and reports are built only when someone asks (a metrics scrape, a test),
 * since a 255-cluster mesh has 129,540 of them per recompute.
 */
export class ClusterObservation {
  private kvstoremeshViews?: RemoteClusterView[];
  private agentViews?: RemoteClusterView[];

  private constructor(
    readonly member: MeshMember,
    /** undefined when KVStoreMesh is not part of this cluster's Cilium. */
    private readonly kvstoremesh: LinkState[] | undefined,
    private readonly agents: LinkState[],
  ) {}

  static of(
    member: MeshMember,
    outcomes: { peer: string; outcome: LinkOutcome }[],
    histories: { kvstoremesh: FailureHistories; agents: FailureHistories },
    now: Date,
  ): ClusterObservation {
    const mesh = member.settings.clustermesh;
    const withKvstoremesh = mesh.useAPIServer && mesh.kvstoremeshEnabled;
    // KVStoreMesh runs in the clustermesh-apiserver pod: down with it.
    const kvstoremesh = withKvstoremesh
      ? (member.apiserverReady ? outcomes : []).map(({ peer, outcome }) => ({
          peer,
          outcome,
          history: histories.kvstoremesh.record(peer, outcome, now),
        }))
      : undefined;
    const agents = outcomes.map(({ peer, outcome }) => {
      const agentOutcome = withKvstoremesh
        ? outcomeThroughKvstoremesh(member, outcome)
        : outcome;
      return {
        peer,
        outcome: agentOutcome,
        history: histories.agents.record(peer, agentOutcome, now),
      };
    });
    return new ClusterObservation(member, kvstoremesh, agents);
  }

  get viaKvstoremesh(): boolean {
    return this.kvstoremesh !== undefined;
  }

  kvstoremeshView(): RemoteClusterView[] | undefined {
    if (!this.kvstoremesh) return undefined;
    this.kvstoremeshViews ??= this.kvstoremesh.map(link =>
      remoteClusterView(link.peer, link.outcome, link.history, false),
    );
    return this.kvstoremeshViews;
  }

  agentView(): RemoteClusterView[] {
    this.agentViews ??= this.agents.map(link =>
      remoteClusterView(
        link.peer,
        link.outcome,
        link.history,
        this.viaKvstoremesh,
      ),
    );
    return this.agentViews;
  }

  /** Peer cluster names the agents hold data of. */
  readyPeers(): Set<string> {
    return new Set(
      this.agents
        .filter(link => link.outcome.state === 'ready')
        .map(link => link.peer),
    );
  }

  reports(): LinkReport[] {
    const from = this.member.name;
    return [
      ...(this.kvstoremesh ?? []).map(link =>
        report(from, 'kvstoremesh', link),
      ),
      ...this.agents.map(link => report(from, 'agents', link)),
    ];
  }
}

/**
 * Agents behind KVStoreMesh talk only to their own clustermesh-apiserver:
 * with it down they wait for a connection; with it up but the peer not (yet)
 * cached, the peer's cluster config is missing — the puzzling state of
 * cilium#29161 — and once cached they see what KVStoreMesh sees, served by
 * the local etcd.
 */
function outcomeThroughKvstoremesh(
  local: MeshMember,
  kvstoremeshOutcome: LinkOutcome,
): LinkOutcome {
  if (!local.apiserverReady) {
    return { state: 'failing', error: LOCAL_APISERVER_UNAVAILABLE };
  }
  if (kvstoremeshOutcome.state === 'ready') {
    return {
      state: 'ready',
      remote: {
        ...kvstoremeshOutcome.remote,
        etcdClusterId: local.etcdClusterId,
      },
    };
  }
  return { state: 'config-missing', remote: local };
}

function report(from: string, layer: Layer, link: LinkState): LinkReport {
  const { peer: to, outcome } = link;
  if (outcome.state === 'ready') return { from, to, layer, ready: true };
  return {
    from,
    to,
    layer,
    ready: false,
    reason:
      outcome.state === 'config-missing'
        ? 'remote cluster configuration required but not found'
        : outcome.error,
  };
}
