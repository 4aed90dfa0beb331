import Ajv, { ValidateFunction } from 'ajv';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { isJsonObject, JsonObject, kubeTimestamp } from '../json';
import { StoreEvent } from '../store';
import { FieldViolation, KubeObject } from '../types';
import { invalid, modelValidator, schemaViolations } from '../validation';
import { ResourceRegistry } from './registry';
import { defineResource, ResourceType } from './resourceType';

/** Extra checks for a custom resource beyond its OpenAPI schema. */
export type CustomResourceValidator = (object: KubeObject) => FieldViolation[];

export interface CustomResourceOptions {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Serve `/status` as a subresource (most operator-owned CRDs do). Default true. */
  statusSubresource?: boolean;
  /** The version's `openAPIV3Schema`; without one any object is accepted. */
  schema?: JsonObject;
  validate?: CustomResourceValidator;
}

// Kubernetes schemas carry x-kubernetes-* keywords and Go formats (int32, byte) that ajv does not know.
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  validateFormats: false,
  useDefaults: true,
  logger: false,
});

function compileSchema(schema: unknown): ValidateFunction | string {
  try {
    return ajv.compile(isJsonObject(schema) ? schema : {});
  } catch (error) {
    return (error as Error).message;
  }
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    kind: string;
    plural: string;
    singular?: string;
    shortNames?: string[];
    categories?: string[];
    listKind?: string;
  };
  versions: {
    name: string;
    served: boolean;
    storage: boolean;
    schema?: { openAPIV3Schema?: unknown };
    subresources?: { status?: unknown };
  }[];
}

function specOf(crd: KubeObject): CrdSpec {
  return crd.spec as CrdSpec;
}

function validateDefinition(crd: KubeObject): FieldViolation[] {
  const spec = specOf(crd);
  const violations: FieldViolation[] = [];
  const expectedName = `${spec.names.plural}.${spec.group}`;
  if (crd.metadata.name !== expectedName) {
    violations.push(
      invalid(
        'metadata.name',
        crd.metadata.name,
        'must be spec.names.plural+"."+spec.group',
      ),
    );
  }
  if (spec.versions.filter(version => version.storage).length !== 1) {
    violations.push(
      invalid(
        'spec.versions',
        spec.versions.map(v => v.name),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  spec.versions.forEach((version, index) => {
    const compiled = compileSchema(version.schema?.openAPIV3Schema);
    if (typeof compiled === 'string') {
      violations.push(
        invalid(`spec.versions[${index}].schema.openAPIV3Schema`, '', compiled),
      );
    }
  });
  return violations;
}

/** The apiextensions.k8s.io CustomResourceDefinition resource itself. */
export function customResourceDefinitions(): ResourceType {
  const validateModel = modelValidator(CustomResourceDefinition);
  return defineResource({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    hasStatusSubresource: true,
    validate: crd => {
      const violations = validateModel(crd);
      return violations.length > 0 ? violations : validateDefinition(crd);
    },
    // The real apiextensions controllers accept names and establish the CRD
    // within milliseconds; the lab does it as part of the create.
    prepareForCreate: crd => {
      const spec = specOf(crd);
      const now = kubeTimestamp();
      crd.status = {
        acceptedNames: isJsonObject(spec?.names)
          ? {
              ...spec.names,
              listKind: spec.names.listKind ?? `${spec.names.kind}List`,
            }
          : {},
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            reason: 'NoConflicts',
            message: 'no conflicts found',
            lastTransitionTime: now,
          },
          {
            type: 'Established',
            status: 'True',
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
            lastTransitionTime: now,
          },
        ],
        storedVersions: (spec?.versions ?? [])
          .filter(version => version.storage)
          .map(version => version.name),
      };
      return [];
    },
  });
}

/** A CRD object for the given options, as `kubectl apply` of a CRD manifest would send it. */
export function customResourceDefinitionOf(
  options: CustomResourceOptions,
): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${options.plural}.${options.group}` },
    spec: {
      group: options.group,
      scope: options.namespaced ? 'Namespaced' : 'Cluster',
      names: {
        kind: options.kind,
        listKind: `${options.kind}List`,
        plural: options.plural,
        singular: options.singular ?? options.kind.toLowerCase(),
        ...(options.shortNames ? { shortNames: options.shortNames } : {}),
        ...(options.categories ? { categories: options.categories } : {}),
      },
      versions: [
        {
          name: options.version,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: options.schema ?? {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
          ...(options.statusSubresource === false
            ? {}
            : { subresources: { status: {} } }),
        },
      ],
    },
  };
}

/**
 * The apiextensions-apiserver part of the lab: serves the storage version of
 * every stored CRD and stops serving it when the CRD goes. Other served
 * versions are not served, since the lab does no conversion.
 */
export class CustomResourceController {
  private readonly served = new Map<string, ResourceType>();
  private readonly extraValidators = new Map<string, CustomResourceValidator>();

  constructor(private readonly registry: ResourceRegistry) {}

  /** Adds checks that a CRD's schema cannot express; applies once the CRD is stored. */
  setValidator(crdName: string, validate: CustomResourceValidator): void {
    this.extraValidators.set(crdName, validate);
  }

  readonly handle = (event: StoreEvent): void => {
    if (
      event.resource.group !== 'apiextensions.k8s.io' ||
      event.resource.plural !== 'customresourcedefinitions'
    ) {
      return;
    }
    const crd = event.object.object;
    const name = crd.metadata.name!;
    const before = this.served.get(name);
    if (before) this.registry.remove(before);
    this.served.delete(name);
    if (event.type === 'DELETED') {
      this.extraValidators.delete(name);
      return;
    }
    const resource = this.resourceTypeOf(crd);
    this.served.set(name, resource);
    this.registry.add(resource);
  };

  private resourceTypeOf(crd: KubeObject): ResourceType {
    const spec = specOf(crd);
    const version = spec.versions.find(candidate => candidate.storage)!;
    const schema = compileSchema(version.schema?.openAPIV3Schema);
    const crdName = crd.metadata.name!;
    const hasStatusSubresource = Boolean(version.subresources?.status);
    return defineResource({
      group: spec.group,
      version: version.name,
      kind: spec.names.kind,
      plural: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      namespaced: spec.scope === 'Namespaced',
      shortNames: spec.names.shortNames ?? [],
      categories: spec.names.categories ?? [],
      hasStatusSubresource,
      tracksGeneration: true,
      deleteReturnsObject: true,
      requiresResourceVersionOnUpdate: true,
      listItemsKeepTypeMeta: true,
      supportsStrategicMerge: false,
      validate: object => {
        const violations =
          typeof schema === 'string' || schema(object)
            ? []
            : schemaViolations(object, schema.errors ?? []);
        return [
          ...violations,
          ...(this.extraValidators.get(crdName)?.(object) ?? []),
        ];
      },
      prepareForCreate: object => {
        if (hasStatusSubresource) delete object.status;
        return [];
      },
    });
  }
}
