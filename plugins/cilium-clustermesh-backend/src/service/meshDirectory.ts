import {
  AuthService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  compareText,
  CLUSTERMESH_ANNOTATION,
  KUBERNETES_CLUSTER_RESOURCE_TYPE,
  MeshSource,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  ClusterConnectionConfig,
  readMeshConnections,
} from '@meshportal/plugin-cilium-clustermesh-node';

export type { MeshSource };

/** A mesh and how to reach each of its clusters. Holds secrets: never log or serve it. */
export interface MeshDefinition {
  name: string;
  title?: string;
  source: MeshSource;
  clusters: ClusterConnectionConfig[];
}

/** Where meshes come from; read on every refresh so new ones appear without a restart. */
export interface MeshDirectory {
  list(): Promise<MeshDefinition[]>;
  /** Meshes in app-config: they hide any registered mesh of the same name. */
  readonly configuredNames: ReadonlySet<string>;
}

/** The part of the mesh registry (scaffolder-created meshes) the directory reads. */
export interface RegisteredMeshSource {
  list(): Promise<
    {
      name: string;
      title?: string;
      clusters: { name: string; url: string; caData: string }[];
    }[]
  >;
}

/** Catalog annotations Backstage's Kubernetes plugin uses for clusters. */
const API_SERVER = 'kubernetes.io/api-server';
const API_SERVER_CA = 'kubernetes.io/api-server-certificate-authority';
const AUTH_PROVIDER = 'kubernetes.io/auth-provider';

/** Without configuration only AKS API servers may come from the catalog. */
const DEFAULT_CATALOG_HOSTS = ['*.azmk8s.io'];

export interface MeshDirectoryOptions {
  config: RootConfigService;
  logger: LoggerService;
  registry?: RegisteredMeshSource;
  catalog?: CatalogService;
  auth?: AuthService;
}

/**
 * Meshes from app-config first, then those our scaffolder module registered,
 * then catalog `kubernetes-cluster` Resources carrying the mesh annotation.
 * A name defined by an earlier source hides the later ones.
 */
export function createMeshDirectory(
  options: MeshDirectoryOptions,
): MeshDirectory {
  // Bad configuration stops the backend at start, with the field and the fix.
  const configured: MeshDefinition[] = readMeshConnections(options.config).map(
    mesh => ({ ...mesh, source: 'config' }),
  );
  const catalogHosts =
    options.config.getOptionalStringArray(
      'ciliumClusterMesh.catalogClusters.allowedHosts',
    ) ?? DEFAULT_CATALOG_HOSTS;
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    options.logger.warn(message);
  };

  return {
    configuredNames: new Set(configured.map(mesh => mesh.name)),
    async list() {
      const meshes = new Map<string, MeshDefinition>();
      const add = (mesh: MeshDefinition) => {
        const existing = meshes.get(mesh.name);
        if (existing) {
          warnOnce(
            `shadow:${mesh.source}:${mesh.name}`,
            `Mesh "${mesh.name}" from ${mesh.source} is ignored: ${existing.source} already defines it`,
          );
          return;
        }
        meshes.set(mesh.name, mesh);
      };
      configured.forEach(add);
      for (const mesh of (await options.registry?.list()) ?? []) {
        add({
          name: mesh.name,
          title: mesh.title,
          source: 'registered',
          clusters: mesh.clusters.map(cluster => ({
            name: cluster.name,
            url: cluster.url,
            caData: cluster.caData,
            authProvider: 'azure',
          })),
        });
      }
      if (options.catalog && options.auth) {
        try {
          const entities = await readCatalogClusters(
            options.catalog,
            options.auth,
          );
          catalogMeshes(entities, catalogHosts, warnOnce).forEach(add);
        } catch (error) {
          // Meshes from config and the registry stay served while the catalog is away.
          options.logger.warn(
            `Could not read catalog clusters; catalog meshes are left out for now: ${error}`,
          );
        }
      }
      return [...meshes.values()].sort((a, b) => compareText(a.name, b.name));
    },
  };
}

async function readCatalogClusters(
  catalog: CatalogService,
  auth: AuthService,
): Promise<Entity[]> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        'spec.type': KUBERNETES_CLUSTER_RESOURCE_TYPE,
        [`metadata.annotations.${CLUSTERMESH_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
        [`metadata.annotations.${API_SERVER}`]: CATALOG_FILTER_EXISTS,
        [`metadata.annotations.${API_SERVER_CA}`]: CATALOG_FILTER_EXISTS,
        [`metadata.annotations.${AUTH_PROVIDER}`]: CATALOG_FILTER_EXISTS,
      },
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  return items;
}

/**
 * Catalog entries can be written by anyone who can register a location, and
 * the backend sends its Azure token to the URL: only `azure` clusters on
 * allowed https hosts are used.
 */
export function catalogMeshes(
  entities: Entity[],
  allowedHosts: string[],
  warn: (key: string, message: string) => void,
): MeshDefinition[] {
  const meshes = new Map<string, MeshDefinition>();
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const meshName = annotations[CLUSTERMESH_ANNOTATION]?.trim();
    const ref = `resource:${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`;
    if (!meshName) continue;
    if (annotations[AUTH_PROVIDER] !== 'azure') {
      warn(
        `auth:${ref}`,
        `Catalog cluster ${ref} is skipped: ${AUTH_PROVIDER} must be "azure" (the backend's own identity); put clusters with other credentials in ciliumClusterMesh.meshes`,
      );
      continue;
    }
    const url = annotations[API_SERVER];
    if (!isAllowedClusterUrl(url, allowedHosts)) {
      warn(
        `url:${ref}`,
        `Catalog cluster ${ref} is skipped: ${API_SERVER} must be an https URL on ${allowedHosts.join(
          ', ',
        )}; allow more hosts with ciliumClusterMesh.catalogClusters.allowedHosts`,
      );
      continue;
    }
    const mesh = meshes.get(meshName) ?? {
      name: meshName,
      source: 'catalog' as const,
      clusters: [],
    };
    mesh.clusters.push({
      name: entity.metadata.name,
      url,
      caData: annotations[API_SERVER_CA],
      authProvider: 'azure',
    });
    meshes.set(meshName, mesh);
  }
  return [...meshes.values()];
}

export function isAllowedClusterUrl(
  url: string,
  allowedHosts: string[],
): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return allowedHosts.some(pattern => {
    const wanted = pattern.toLowerCase();
    return wanted.startsWith('*.')
      ? host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1
      : host === wanted;
  });
}
