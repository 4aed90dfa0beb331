export { ClusterMeshAdminContent } from './ClusterMeshAdminContent';
export { ClusterMeshAdminPage } from './ClusterMeshAdminPage';
export { MeshesTable, MESHES_PAGE_SIZE } from './MeshesTable';
export type { MeshesTableProps } from './MeshesTable';
export {
  compareMeshRows,
  filterMeshRows,
  NO_CHANGES,
  NO_FILTER,
  NO_PROBLEMS,
  problemsText,
  toMeshRow,
  toMeshRows,
} from './meshRows';
export type { HealthFilter, MeshFilter, MeshRow } from './meshRows';
