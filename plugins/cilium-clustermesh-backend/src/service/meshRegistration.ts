import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { formatViolations } from '@meshportal/plugin-cilium-clustermesh-common';
import type { MeshRegistryStore, RegisteredMesh } from '../database';
import { validateRegisteredMesh } from '../database/registeredMeshSchema';

export interface MeshRegistrationOptions {
  store: Pick<MeshRegistryStore, 'get' | 'upsert' | 'delete'>;
  /** Meshes in app-config, which would hide a registered mesh of the same name. */
  configuredNames: ReadonlySet<string>;
  /** Lets status readers drop what they hold of the mesh's previous definition. */
  changed: (name: string) => Promise<void>;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Registers, reads and removes the meshes our scaffolder module creates.
 * Callers are Backstage services; what they send is checked by the store's
 * schema, which refuses anything that could be a credential.
 */
export class MeshRegistration {
  private readonly now: () => Date;

  constructor(private readonly options: MeshRegistrationOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Creates or replaces the mesh `name` (from the path) with `body`. */
  async register(
    name: string,
    body: unknown,
    caller: string,
  ): Promise<RegisteredMesh> {
    this.refuseConfigured(name);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw refused(name, {
        field: '(body)',
        rule: 'must be a JSON object',
        fix: 'send { "clusters": [...] } with Content-Type application/json',
      });
    }
    if ('name' in body && body.name !== name) {
      // The path names the mesh; a second name in the body is a client bug.
      throw refused(name, {
        field: 'name',
        rule: `must be the mesh name in the path ("${name}")`,
        fix: 'leave name out of the body',
      });
    }
    const mesh = validateRegisteredMesh({ ...body, name });
    const stored = await this.options.store.upsert(mesh, this.now());
    await this.announce(name);
    this.options.logger.info(
      `Mesh ${name} registered by ${caller} with clusters ${stored.clusters
        .map(c => c.name)
        .join(', ')}`,
    );
    return stored;
  }

  /**
   * The mesh `name` as stored, e.g. for a join to find the Azure coordinates
   * of the clusters already in it. Meshes from app-config or the catalog
   * are not registrations and are not served here.
   */
  async get(name: string): Promise<RegisteredMesh> {
    const mesh = await this.options.store.get(name);
    if (!mesh) throw this.notRegistered(name, 'serve');
    return mesh;
  }

  async unregister(name: string, caller: string): Promise<void> {
    if (!(await this.options.store.delete(name))) {
      throw this.notRegistered(name, 'change');
    }
    await this.announce(name);
    this.options.logger.info(`Mesh ${name} unregistered by ${caller}`);
  }

  private notRegistered(name: string, verb: 'serve' | 'change'): NotFoundError {
    return new NotFoundError(
      this.options.configuredNames.has(name)
        ? `Mesh ${name} is not registered: it is defined in app-config (ciliumClusterMesh.meshes), which this API does not ${verb}`
        : `No registered mesh named ${name}`,
    );
  }

  private refuseConfigured(name: string): void {
    if (!this.options.configuredNames.has(name)) return;
    throw new ConflictError(
      `Mesh ${name} is defined in app-config (ciliumClusterMesh.meshes), which takes precedence: a registered mesh of that name would never be served. Fix: register it under another name, or remove it from ciliumClusterMesh.meshes first`,
    );
  }

  private async announce(name: string): Promise<void> {
    try {
      await this.options.changed(name);
    } catch (error) {
      // Stored all the same; readers catch up when their cached list expires.
      this.options.logger.warn(
        `Mesh ${name} changed, but cached views of it could not be dropped: ${error}`,
      );
    }
  }
}

function refused(
  name: string,
  violation: { field: string; rule: string; fix: string },
): InputError {
  return new InputError(
    `Cannot register mesh "${name}":\n${formatViolations([violation])}`,
  );
}
