import type {
  ClusterStatus,
  ConnectionState,
  GlobalServiceStatus,
  Health,
  MeshConnection,
  MeshProblem,
} from '../status/meshStatus';

/**
 * Bodies of the cilium-clustermesh backend's routes, as its OpenAPI spec
 * (`plugins/cilium-clustermesh-backend/src/schema/openapi.yaml`) describes them.
 */

/** Where the backend learned of a mesh. */
export type MeshSource = 'config' | 'registered' | 'catalog';

/** How old the view a response was cut from is. */
export interface ViewAge {
  refreshedAt: string;
  ageSeconds: number;
}

/** `GET /meshes`: one line per mesh. */
export interface MeshSummary extends ViewAge {
  name: string;
  title?: string;
  source: MeshSource;
  health: Health;
  observedAt: string;
  clusters: { total: number; healthy: number };
  connections: { total: number; connected: number };
  problems: Record<MeshProblem['severity'], number>;
  /** The newest connection-state change, ISO 8601; absent when none was recorded. */
  lastChangeAt?: string;
}

export type ConnectionCounts = Record<ConnectionState, number> & {
  total: number;
};

/** `GET /meshes/{mesh}` and `POST /meshes/{mesh}/refresh`. */
export interface MeshDetail extends ViewAge {
  mesh: string;
  title?: string;
  source: MeshSource;
  health: Health;
  observedAt: string;
  clusters: ClusterStatus[];
  connectionCounts: ConnectionCounts;
  /** Every connection whose state is not `connected`. */
  unhealthyConnections: MeshConnection[];
  problems: MeshProblem[];
}

/** `GET /meshes/{mesh}/connections`. */
export interface ConnectionPage extends ViewAge {
  items: MeshConnection[];
  /** Matching connections on all pages. */
  total: number;
}

/** `GET /meshes/{mesh}/global-services`. */
export interface GlobalServicePage extends ViewAge {
  items: GlobalServiceStatus[];
  total: number;
  observedAt: string;
}

/** `GET /meshes/{mesh}/clusters/{cluster}`. */
export interface ClusterDetail extends ViewAge {
  mesh: string;
  cluster: ClusterStatus;
  connections: MeshConnection[];
  problems: MeshProblem[];
}

/** One state change of one direction of a connection. */
export interface ConnectionEvent {
  id: number;
  mesh: string;
  from: string;
  to: string;
  state: ConnectionState;
  /** Absent the first time the edge is seen. */
  previousState?: ConnectionState;
  detail?: string;
  /** ISO 8601. */
  at: string;
}

/** `GET /meshes/{mesh}/history`: newest first. */
export interface ConnectionHistoryPage {
  items: ConnectionEvent[];
  /** Pass as `before` for the next (older) page. */
  nextBefore?: number;
}
