/** The parts of metav1.ObjectMeta the lab reads or sets; everything else is kept as sent. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** One entry of a metav1.Status `details.causes` list (a field.Error, as the real API server words it). */
export interface FieldViolation {
  /** Dotted path with list indices, e.g. `spec.containers[0].name`. */
  field: string;
  /** e.g. FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueForbidden. */
  reason: string;
  message: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

/** An RBAC PolicyRule: `resources` may name subresources (`pods/proxy`) and `*` matches anything. */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** Who a request is from and, unless in `system:masters`, what it may do. */
export interface Identity {
  user: string;
  groups: string[];
  rules?: PolicyRule[];
}
