import { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { timestampToIso } from './dbValues';
import { getMigratedClient } from './migrations';
import {
  registeredClustersSchema,
  validateRegisteredMesh,
} from './registeredMeshSchema';

/** A cluster of a scaffolder-created mesh: reached with the backend's Azure identity, so it has no secret. */
export interface RegisteredCluster {
  name: string;
  url: string;
  caData: string;
  authProvider: 'azure';
  azure?: {
    subscriptionId: string;
    resourceGroup: string;
    managedCluster: string;
  };
}

export interface RegisteredMesh {
  name: string;
  title?: string;
  clusters: RegisteredCluster[];
  /** Entity ref of the user whose template run created the mesh. */
  createdBy?: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

interface MeshRow {
  name: string;
  title: string | null;
  definition: string;
  created_by: string | null;
  created_at: unknown;
  updated_at: unknown;
}

/** Meshes registered by scaffolder templates, beside those in app-config. */
export class MeshRegistryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<MeshRegistryStore> {
    return new MeshRegistryStore(await getMigratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Creates or replaces a mesh. A replacement keeps the original creator and
   * creation time. Throws InputError naming field, rule and fix when the
   * mesh is invalid or carries anything that could be a credential.
   */
  async upsert(
    mesh: Omit<RegisteredMesh, 'createdAt' | 'updatedAt'>,
    at: Date,
  ): Promise<RegisteredMesh> {
    const valid = validateRegisteredMesh(mesh);
    return this.db.transaction(async tx => {
      await tx('registered_meshes')
        .insert({
          name: valid.name,
          title: valid.title ?? null,
          definition: JSON.stringify({ clusters: valid.clusters }),
          created_by: valid.createdBy ?? null,
          created_at: at,
          updated_at: at,
        })
        .onConflict('name')
        .merge(['title', 'definition', 'updated_at']);
      // Same transaction: the row is locked, so this is what was written.
      const row = await tx<MeshRow>('registered_meshes')
        .where({ name: valid.name })
        .first();
      if (!row) {
        throw new Error(
          `Registered mesh "${valid.name}" vanished while saving`,
        );
      }
      return toMesh(row);
    });
  }

  async list(): Promise<RegisteredMesh[]> {
    const rows = await this.db<MeshRow>('registered_meshes').orderBy('name');
    return rows.map(toMesh);
  }

  async get(name: string): Promise<RegisteredMesh | undefined> {
    const row = await this.db<MeshRow>('registered_meshes')
      .where({ name })
      .first();
    return row ? toMesh(row) : undefined;
  }

  /** Whether there was such a mesh. */
  async delete(name: string): Promise<boolean> {
    const count = await this.db('registered_meshes').where({ name }).delete();
    return count > 0;
  }
}

function toMesh(row: MeshRow): RegisteredMesh {
  // Parsed again on the way out so nothing written around the store, such as
  // a credential added by hand, is ever handed to a caller.
  const clusters = registeredClustersSchema.safeParse(
    parseJson(row.definition)?.clusters,
  );
  if (!clusters.success) {
    throw new Error(
      `The stored definition of registered mesh "${row.name}" is invalid; register the mesh again`,
    );
  }
  return {
    name: row.name,
    ...(row.title === null ? {} : { title: row.title }),
    clusters: clusters.data,
    ...(row.created_by === null ? {} : { createdBy: row.created_by }),
    createdAt: timestampToIso(row.created_at),
    updatedAt: timestampToIso(row.updated_at),
  };
}

function parseJson(text: string): { clusters?: unknown } | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
