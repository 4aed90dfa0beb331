export { ClustersTable, CLUSTERS_PAGE_SIZE } from './ClustersTable';
export type { ClustersTableProps } from './ClustersTable';
export {
  AZURE_PORTAL_URL_KEY,
  clusterLinksFromConfig,
  fillUrlTemplate,
  HUBBLE_UI_URL_KEY,
  NO_CLUSTER_LINKS,
} from './links';
export type { ClusterLinks } from './links';
export { toClusterRow } from './clusterRows';
export type { ClusterRow } from './clusterRows';
