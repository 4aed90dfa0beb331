import { readFileSync } from 'node:fs';
import { sharedReferencePath } from '../paths';
import { PREVIEW_SWAGGER_VERSION, STABLE_SWAGGER_VERSION } from './apiVersions';

/**
 * Each document gets the URL of its path in Azure/azure-rest-api-specs, so
 * the swagger's relative `$ref`s (`../../../../../../common-types/…`) resolve
 * unchanged, in ajv and in {@link resolveSchema} alike.
 */
const SPECS_BASE = 'https://specs.lab.invalid/specification';
const AKS_BASE = `${SPECS_BASE}/containerservice/resource-manager/Microsoft.ContainerService/aks`;
const COMMON_TYPES_BASE = `${SPECS_BASE}/common-types/resource-management/v6`;

export type JsonSchema = Record<string, unknown>;

export interface SwaggerDocument {
  id: string;
  document: JsonSchema;
}

const FILES: Record<string, string> = {
  [`${AKS_BASE}/stable/${STABLE_SWAGGER_VERSION}/managedClusters.json`]: `managedClusters.${STABLE_SWAGGER_VERSION}.json`,
  [`${AKS_BASE}/preview/${PREVIEW_SWAGGER_VERSION}/managedClusters.json`]: `managedClusters.${PREVIEW_SWAGGER_VERSION}.json`,
  [`${COMMON_TYPES_BASE}/types.json`]: 'common-types-v6-types.json',
};

/**
 * Identity types the AKS swagger references but the project does not keep a
 * copy of; the lab accepts any object there.
 */
const STUBS: Record<string, JsonSchema> = {
  [`${COMMON_TYPES_BASE}/managedidentity.json`]: {
    definitions: { ManagedServiceIdentity: { type: 'object' } },
  },
  [`${COMMON_TYPES_BASE}/managedidentitywithdelegation.json`]: {
    definitions: { DelegatedResource: { type: 'object' } },
  },
};

const loaded = new Map<string, JsonSchema>();

export function managedClustersDocumentId(swaggerVersion: string): string {
  const kind = swaggerVersion.endsWith('-preview') ? 'preview' : 'stable';
  return `${AKS_BASE}/${kind}/${swaggerVersion}/managedClusters.json`;
}

/** A document by id, read from disk on first use. */
export function swaggerDocument(id: string): JsonSchema {
  const cached = loaded.get(id);
  if (cached) return cached;
  const file = FILES[id];
  const document = file
    ? (JSON.parse(
        readFileSync(sharedReferencePath('azure', file), 'utf8'),
      ) as JsonSchema)
    : STUBS[id];
  if (!document) throw new Error(`The lab has no swagger document ${id}`);
  loaded.set(id, document);
  return document;
}

/** Every document a managed-cluster schema can reach, for ajv. */
export function documentsForManagedClusters(
  swaggerVersion: string,
): SwaggerDocument[] {
  return [
    managedClustersDocumentId(swaggerVersion),
    ...Object.keys(FILES).filter(id => id.startsWith(COMMON_TYPES_BASE)),
    ...Object.keys(STUBS),
  ].map(id => ({ id, document: swaggerDocument(id) }));
}

/** A schema node with its document, `$ref`s followed. */
export interface SchemaAt {
  schema: JsonSchema;
  documentId: string;
}

export function resolveSchema(at: SchemaAt): SchemaAt {
  let current = at;
  for (let depth = 0; typeof current.schema.$ref === 'string'; depth++) {
    if (depth > 32) throw new Error(`$ref loop at ${current.schema.$ref}`);
    const target = new URL(current.schema.$ref, current.documentId);
    const documentId = `${target.origin}${target.pathname}`;
    let node: unknown = swaggerDocument(documentId);
    for (const key of target.hash
      .replace(/^#\/?/, '')
      .split('/')
      .filter(Boolean)) {
      node = (node as JsonSchema)[decodeURIComponent(key)];
    }
    if (typeof node !== 'object' || node === null) {
      throw new Error(`Unresolvable $ref ${target.href}`);
    }
    current = { schema: node as JsonSchema, documentId };
  }
  return current;
}

export function managedClusterSchema(swaggerVersion: string): SchemaAt {
  const documentId = managedClustersDocumentId(swaggerVersion);
  return resolveSchema({
    schema: { $ref: '#/definitions/ManagedCluster' },
    documentId,
  });
}
