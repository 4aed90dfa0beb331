export { TopologyGraph } from './TopologyGraph';
export type { TopologyGraphProps } from './TopologyGraph';
export { pairLinks } from './links';
export type { PairLink } from './links';
export { GRAPH_DETAIL_LIMIT, layoutGraph } from './layout';
export type {
  ClusterNode,
  GraphLayout,
  GroupLink,
  GroupNode,
  LayoutOptions,
} from './layout';
export type { LinkCounts } from './labels';
