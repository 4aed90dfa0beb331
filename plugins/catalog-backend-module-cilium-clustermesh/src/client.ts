import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { CILIUM_CLUSTERMESH_PLUGIN_ID } from '@meshportal/plugin-cilium-clustermesh-common';
import type { MeshInput } from './entities';

/** Reads every mesh and its clusters from the cilium-clustermesh backend. */
export class MeshApiClient {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
  }

  async readMeshes(signal?: AbortSignal): Promise<MeshInput[]> {
    const baseUrl = await this.#discovery.getBaseUrl(
      CILIUM_CLUSTERMESH_PLUGIN_ID,
    );
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: await this.#auth.getOwnServiceCredentials(),
      targetPluginId: CILIUM_CLUSTERMESH_PLUGIN_ID,
    });
    const get = (path: string) => getJson(`${baseUrl}${path}`, token, signal);

    const list = await get('/meshes');
    const summaries = arrayField(list, 'items', '/meshes');
    return Promise.all(
      summaries.map(async summary => {
        const name = stringField(summary, 'name', '/meshes');
        const title = optionalString(summary, 'title');
        if (optionalString(summary, 'source') === 'catalog') {
          // Its clusters are catalog entities already; only the mesh is new.
          return { name, title, clusters: [] };
        }
        const path = `/meshes/${encodeURIComponent(name)}`;
        const detail = await get(path);
        const clusters = arrayField(detail, 'clusters', path).map(cluster => ({
          name: stringField(cluster, 'name', path),
          cilium: objectField(cluster, 'cilium'),
        }));
        return {
          name,
          title: title ?? optionalString(detail, 'title'),
          clusters,
        };
      }),
    );
  }
}

async function getJson(
  url: string,
  token: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    signal,
  });
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  return response.json();
}

// A malformed answer must fail the run, not turn into "no meshes" and wipe
// the catalog.
function arrayField(value: unknown, key: string, path: string): unknown[] {
  const field = (value as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(field)) {
    throw new Error(`${path} answered without an array "${key}"`);
  }
  return field;
}

function stringField(value: unknown, key: string, path: string): string {
  const field = (value as Record<string, unknown> | null)?.[key];
  if (typeof field !== 'string' || !field) {
    throw new Error(`${path} answered an item without a string "${key}"`);
  }
  return field;
}

function optionalString(value: unknown, key: string): string | undefined {
  const field = (value as Record<string, unknown> | null)?.[key];
  return typeof field === 'string' && field ? field : undefined;
}

function objectField(
  value: unknown,
  key: string,
): MeshInput['clusters'][number]['cilium'] {
  const field = (value as Record<string, unknown> | null)?.[key];
  return field && typeof field === 'object' ? field : undefined;
}
