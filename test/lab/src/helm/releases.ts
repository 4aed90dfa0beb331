import type { V1Secret } from '@kubernetes/client-node';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ChartMetadata } from './charts';
import { describeKubeError, HelmKubeClients, statusCode } from './kube';
import { Values } from './values';

export type ReleaseStatus =
  | 'deployed'
  | 'superseded'
  | 'failed'
  | 'uninstalled'
  | 'pending-install'
  | 'pending-upgrade';

/** Helm 3's release record, as stored in `sh.helm.release.v1.<name>.v<revision>` Secrets. */
export interface Release {
  name: string;
  namespace: string;
  version: number;
  info: {
    first_deployed: string;
    last_deployed: string;
    deleted: string;
    description: string;
    status: ReleaseStatus;
  };
  chart: { metadata: ChartMetadata; values: Values };
  config: Values;
  manifest: string;
}

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

export function releaseSecretName(name: string, version: number): string {
  return `sh.helm.release.v1.${name}.v${version}`;
}

/** Helm stores base64(gzip(json)) in the Secret's `release` key (so the API shows it base64'd twice). */
export function encodeRelease(release: Release): string {
  const inner = gzipSync(Buffer.from(JSON.stringify(release))).toString(
    'base64',
  );
  return Buffer.from(inner).toString('base64');
}

export function decodeRelease(secretData: string): Release {
  const inner = Buffer.from(secretData, 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(inner, 'base64')).toString('utf8'));
}

function toSecret(release: Release): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: RELEASE_SECRET_TYPE,
    metadata: {
      name: releaseSecretName(release.name, release.version),
      namespace: release.namespace,
      labels: {
        name: release.name,
        owner: 'helm',
        status: release.info.status,
        version: String(release.version),
        modifiedAt: String(Math.floor(Date.now() / 1000)),
      },
    },
    data: { release: encodeRelease(release) },
  };
}

export class ReleaseStore {
  constructor(
    private readonly clients: HelmKubeClients,
    private readonly namespace: string,
  ) {}

  /** Every revision of a release, oldest first. */
  async history(name: string): Promise<Release[]> {
    try {
      const list = await this.clients.core.listNamespacedSecret({
        namespace: this.namespace,
        labelSelector: `owner=helm,name=${name}`,
      });
      return list.items
        .filter(
          secret => secret.type === RELEASE_SECRET_TYPE && secret.data?.release,
        )
        .map(secret => decodeRelease(secret.data!.release))
        .sort((a, b) => a.version - b.version);
    } catch (error) {
      if (statusCode(error) === 404) return [];
      throw describeKubeError(error, this.clients.server);
    }
  }

  async create(release: Release): Promise<void> {
    try {
      await this.clients.core.createNamespacedSecret({
        namespace: this.namespace,
        body: toSecret(release),
      });
    } catch (error) {
      throw describeKubeError(error, this.clients.server);
    }
  }

  async update(release: Release): Promise<void> {
    try {
      await this.clients.core.replaceNamespacedSecret({
        name: releaseSecretName(release.name, release.version),
        namespace: this.namespace,
        body: toSecret(release),
      });
    } catch (error) {
      throw describeKubeError(error, this.clients.server);
    }
  }

  async delete(release: Release): Promise<void> {
    try {
      await this.clients.core.deleteNamespacedSecret({
        name: releaseSecretName(release.name, release.version),
        namespace: this.namespace,
      });
    } catch (error) {
      if (statusCode(error) !== 404)
        throw describeKubeError(error, this.clients.server);
    }
  }
}
