export {
  ConnectionHistoryStore,
  MAX_EVENTS_PAGE,
  type ConnectionEvent,
  type ConnectionStateRecord,
  type ListEventsQuery,
} from './ConnectionHistoryStore';
export {
  MeshRegistryStore,
  type RegisteredCluster,
  type RegisteredMesh,
} from './MeshRegistryStore';
