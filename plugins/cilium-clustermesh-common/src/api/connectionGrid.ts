import type { ConnectionLayer, ConnectionState } from '../status/meshStatus';
import type { ViewAge } from './responses';

/** How many observers of a layer see the peer ready. */
export type LayerReadiness = Pick<ConnectionLayer, 'ready' | 'total'>;

/**
 * What a graph edge or a matrix cell shows of one direction. A full
 * `MeshConnection` is one too; failures, pods and remote counts are read
 * one connection at a time.
 */
export interface ConnectionSummary {
  from: string;
  to: string;
  configured: boolean;
  state: ConnectionState;
  agents?: LayerReadiness;
  kvstoremesh?: LayerReadiness;
}

/**
 * `GET /meshes/{mesh}/connection-grid`: every connection's summary, column
 * by column. Entry `i` of every array describes the same direction; `from`
 * and `to` index `clusters`. A 255-cluster mesh has 64,770 directions: as
 * objects they would be ~25 MB, as columns ~2 MB that parse in milliseconds.
 */
export interface ConnectionGrid extends ViewAge {
  clusters: string[];
  from: number[];
  to: number[];
  state: ConnectionState[];
  configured: boolean[];
  /** `null` where the layer was not observed. */
  agentsReady: (number | null)[];
  agentsTotal: (number | null)[];
  kvstoremeshReady: (number | null)[];
  kvstoremeshTotal: (number | null)[];
}

export type ConnectionGridColumns = Omit<ConnectionGrid, keyof ViewAge>;

/**
 * The columns of `connections`, indexing `clusters` (the mesh's order);
 * a name missing from `clusters` is appended so no direction is lost.
 */
export function encodeConnectionGrid(
  clusters: readonly string[],
  connections: readonly ConnectionSummary[],
): ConnectionGridColumns {
  const names = [...clusters];
  const indexOf = new Map(names.map((name, i) => [name, i]));
  const index = (name: string) => {
    let i = indexOf.get(name);
    if (i === undefined) {
      i = names.push(name) - 1;
      indexOf.set(name, i);
    }
    return i;
  };
  const grid: ConnectionGridColumns = {
    clusters: names,
    from: [],
    to: [],
    state: [],
    configured: [],
    agentsReady: [],
    agentsTotal: [],
    kvstoremeshReady: [],
    kvstoremeshTotal: [],
  };
  for (const c of connections) {
    grid.from.push(index(c.from));
    grid.to.push(index(c.to));
    grid.state.push(c.state);
    grid.configured.push(c.configured);
    grid.agentsReady.push(c.agents?.ready ?? null);
    grid.agentsTotal.push(c.agents?.total ?? null);
    grid.kvstoremeshReady.push(c.kvstoremesh?.ready ?? null);
    grid.kvstoremeshTotal.push(c.kvstoremesh?.total ?? null);
  }
  return grid;
}

function layer(
  ready: number | null | undefined,
  total: number | null | undefined,
): LayerReadiness | undefined {
  return ready === null ||
    ready === undefined ||
    total === null ||
    total === undefined
    ? undefined
    : { ready, total };
}

/**
 * The summaries back from their columns. Throws naming the column when the
 * columns differ in length or an index points outside `clusters`, so a
 * mismatched client and backend fail loudly rather than draw wrong edges.
 */
export function decodeConnectionGrid(
  grid: ConnectionGridColumns,
): ConnectionSummary[] {
  const count = grid.from.length;
  const columns = [
    'to',
    'state',
    'configured',
    'agentsReady',
    'agentsTotal',
    'kvstoremeshReady',
    'kvstoremeshTotal',
  ] as const;
  for (const column of columns) {
    if (grid[column].length !== count) {
      throw new Error(
        `connection grid: column ${column} has ${grid[column].length} entries, from has ${count}; every column must have one entry per connection`,
      );
    }
  }
  const name = (column: 'from' | 'to', i: number) => {
    const cluster = grid.clusters[grid[column][i]];
    if (cluster === undefined) {
      throw new Error(
        `connection grid: ${column}[${i}] is ${grid[column][i]}, outside the ${grid.clusters.length} clusters`,
      );
    }
    return cluster;
  };
  const summaries: ConnectionSummary[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const agents = layer(grid.agentsReady[i], grid.agentsTotal[i]);
    const kvstoremesh = layer(
      grid.kvstoremeshReady[i],
      grid.kvstoremeshTotal[i],
    );
    summaries[i] = {
      from: name('from', i),
      to: name('to', i),
      configured: grid.configured[i],
      state: grid.state[i],
      ...(agents && { agents }),
      ...(kvstoremesh && { kvstoremesh }),
    };
  }
  return summaries;
}
