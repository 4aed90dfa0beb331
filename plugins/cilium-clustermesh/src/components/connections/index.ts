export { ConnectionMatrix } from './ConnectionMatrix';
export type { ConnectionMatrixProps } from './ConnectionMatrix';
export { ConnectionDetails } from './ConnectionDetails';
export type { ConnectionDetailsProps } from './ConnectionDetails';
export { SelectedConnection } from './SelectedConnection';
export { ClusterDetails } from './ClusterDetails';
export type { ClusterDetailsProps } from './ClusterDetails';
export { MATRIX_TABLE_LIMIT } from './matrixModel';
