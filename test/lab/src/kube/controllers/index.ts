export { ClusterControllers } from './clusterControllers';
export type { ClusterControllersOptions } from './clusterControllers';
export {
  INTERNAL_ANNOTATION as AZURE_INTERNAL_LOAD_BALANCER_ANNOTATION,
  IPV4_ANNOTATION as AZURE_LOAD_BALANCER_IPV4_ANNOTATION,
} from './loadBalancers';
export type { PodNetwork, PodReadiness } from './pods';
