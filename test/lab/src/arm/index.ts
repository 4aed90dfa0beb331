export { ArmEmulator } from './armEmulator';
export type { ArmEmulatorOptions } from './armEmulator';
export type { AccessTokenClaims } from './entra';
export type { OperationTiming } from './faults';
export {
  CONTAINER_SERVICE_API_VERSIONS,
  NETWORK_API_VERSIONS,
  PREVIEW_SWAGGER_VERSION,
  STABLE_SWAGGER_VERSION,
} from './apiVersions';
