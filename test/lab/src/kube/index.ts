export { KubeApiServer, READ_ONLY_USER } from './apiServer';
export type { KubeApiServerOptions, TrafficRecord } from './apiServer';
export type { BearerAuthenticator } from './auth';
export { ClusterObjects } from './clusterObjects';
export type {
  ChangeFilter,
  ObjectChange,
  ObjectQuery,
  ObjectReference,
  TypeReference,
} from './clusterObjects';
export { ClusterControllers } from './controllers';
export type { PodNetwork, PodReadiness } from './controllers';
export { createKubeClusterFactory } from './factory';
export type { KubeClusterFactory } from './factory';
export { CNI_NOT_READY_MESSAGE } from './nodes';
export type { PatchType } from './patch';
export type { ExecRequest, ExecResult, PodExecHandler } from './podExec';
export type { RequestFailure, RequestMatch } from './requestFaults';
export type {
  PodProxyHandler,
  PodProxyRequest,
  PodProxyResponse,
} from './podProxy';
export type {
  CustomResourceOptions,
  CustomResourceValidator,
} from './resources/customResourceDefinitions';
export { KubeApiError } from './status';
export type { Status, StatusCause } from './status';
export type {
  FieldViolation,
  Identity,
  KubeObject,
  ObjectMeta,
  PolicyRule,
} from './types';
export { modelValidator } from './validation';
