import { FieldViolation, KubeObject, Verb } from '../types';

export type NameRule =
  | 'dns-subdomain'
  | 'dns-label'
  | 'dns-1035-label'
  | 'path-segment';

export interface SubresourceInfo {
  name: string;
  /** The kind discovery reports for it, e.g. `PodProxyOptions`. */
  kind: string;
  verbs: string[];
}

/** Reads one field for a field selector; undefined when the object has no such field value. */
export type FieldReader = (object: KubeObject) => string | undefined;

/**
 * Everything the API server knows about one served resource: what discovery
 * says about it and the per-kind rules the registry's "strategy" applies
 * (defaults, status handling, generation, validation).
 */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  /** `v1` or `<group>/<version>`. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly Verb[];
  readonly subresources: readonly SubresourceInfo[];
  readonly nameRule: NameRule;
  /** Writes to the main resource keep the stored status; `/status` writes change only status. */
  readonly hasStatusSubresource: boolean;
  /** metadata.generation starts at 1 and grows on every change outside metadata and status. */
  readonly tracksGeneration: boolean;
  /** DELETE answers with the deleted object rather than a Success Status. */
  readonly deleteReturnsObject: boolean;
  /** Custom resources refuse a PUT without metadata.resourceVersion. */
  readonly requiresResourceVersionOnUpdate: boolean;
  /** Items of built-in lists carry no apiVersion/kind (the list has them); custom resources keep theirs. */
  readonly listItemsKeepTypeMeta: boolean;
  /** Strategic merge needs Go struct tags, which only built-in kinds have. */
  readonly supportsStrategicMerge: boolean;
  /** Beyond metadata.name and metadata.namespace, which every kind supports. */
  readonly fieldSelectors: Readonly<Record<string, FieldReader>>;
  validate(object: KubeObject): FieldViolation[];
  /** Server-side defaults and the status reset a create applies; may reject with violations. */
  prepareForCreate?(object: KubeObject): FieldViolation[];
  /** Immutable-field checks and carried-over fields on update. */
  prepareForUpdate?(next: KubeObject, previous: KubeObject): FieldViolation[];
}

export type ResourceTypeDefinition = Pick<
  ResourceType,
  'group' | 'version' | 'kind' | 'plural' | 'namespaced'
> &
  Partial<Omit<ResourceType, 'apiVersion' | 'listKind'>>;

const ALL_VERBS: Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export function defineResource(
  definition: ResourceTypeDefinition,
): ResourceType {
  const hasStatusSubresource = definition.hasStatusSubresource ?? false;
  const subresources = [
    ...(hasStatusSubresource
      ? [
          {
            name: 'status',
            kind: definition.kind,
            verbs: ['get', 'patch', 'update'],
          },
        ]
      : []),
    ...(definition.subresources ?? []),
  ];
  return {
    apiVersion: definition.group
      ? `${definition.group}/${definition.version}`
      : definition.version,
    listKind: `${definition.kind}List`,
    singular: definition.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    nameRule: 'dns-subdomain',
    tracksGeneration: false,
    deleteReturnsObject: false,
    requiresResourceVersionOnUpdate: false,
    listItemsKeepTypeMeta: false,
    supportsStrategicMerge: true,
    fieldSelectors: {},
    validate: () => [],
    ...definition,
    hasStatusSubresource,
    subresources,
  };
}

/** The key a resource's objects are stored under: the same for every version of it. */
export function storageKeyOf(resource: {
  group: string;
  plural: string;
}): string {
  return `${resource.group}/${resource.plural}`;
}
