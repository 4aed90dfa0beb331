export { GlobalServicesTable, VIRTUALIZE_ABOVE } from './GlobalServicesTable';
export type { GlobalServicesTableProps } from './GlobalServicesTable';
export { GlobalServiceCard } from './GlobalServiceCard';
export { RoutingPreview } from './RoutingPreview';
export type { RoutingPreviewProps } from './RoutingPreview';
export { ServiceChips } from './ServiceChips';
export { loadGlobalServices } from './loadGlobalServices';
export {
  filterServiceRows,
  namespacesOf,
  sortServiceRows,
  toServiceRow,
  toServiceRows,
} from './serviceRows';
export type {
  ServiceFilter,
  ServiceRow,
  ServiceSortOrder,
} from './serviceRows';
export { clusterChipText, routingLine } from './serviceText';
