import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

const BACKEND_PLUGIN_ID = 'cilium-clustermesh';

/** A mesh as the cilium-clustermesh backend stores it: no credential, only where its clusters are. */
export interface MeshRegistration {
  name: string;
  title?: string;
  clusters: {
    name: string;
    url: string;
    caData: string;
    authProvider: 'azure';
    azure?: {
      subscriptionId: string;
      resourceGroup: string;
      managedCluster: string;
    };
  }[];
  createdBy?: string;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * The backend plugin's registration API, called with this backend's own
 * service credentials: created meshes appear in the status API and, through
 * its entity provider, in the catalog.
 */
export class MeshRegistryClient {
  constructor(
    private readonly services: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  async get(mesh: string): Promise<MeshRegistration | undefined> {
    const response = await this.call('GET', mesh);
    if (response.status === 404) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as MeshRegistration;
  }

  async put(
    registration: Omit<MeshRegistration, 'createdAt' | 'updatedAt'>,
  ): Promise<MeshRegistration> {
    const { name, ...body } = registration;
    const response = await this.call('PUT', name, body);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as MeshRegistration;
  }

  private async call(method: string, mesh: string, body?: unknown) {
    const { token } = await this.services.auth.getPluginRequestToken({
      onBehalfOf: await this.services.auth.getOwnServiceCredentials(),
      targetPluginId: BACKEND_PLUGIN_ID,
    });
    const baseUrl = await this.services.discovery.getBaseUrl(BACKEND_PLUGIN_ID);
    return fetch(`${baseUrl}/meshes/${encodeURIComponent(mesh)}/registration`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
