import {
  ClientSecretCredential,
  DefaultAzureCredential,
  TokenCredential,
} from '@azure/identity';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';

const CONFIG_KEY = 'ciliumClusterMesh.azure';
const PUBLIC_CLOUD_ARM = 'https://management.azure.com';
const PUBLIC_CLOUD_AUTHORITY = 'https://login.microsoftonline.com';

/** How the backend reaches Azure. Holds a credential: never log it. */
export interface AzureConnection {
  subscriptionId: string;
  resourceManagerEndpoint: string;
  credential: TokenCredential;
  /** Options every Azure SDK client of ours is built with (endpoint and extra CA). */
  clientOptions: { endpoint: string; tlsOptions?: { ca: string } };
}

/**
 * Reads `ciliumClusterMesh.azure`: a service principal when clientId and
 * clientSecret are set, otherwise workload identity / managed identity via
 * DefaultAzureCredential's production chain.
 */
export function readAzureConnection(config: Config): AzureConnection {
  const azure = config.getOptionalConfig(CONFIG_KEY);
  const subscriptionId = azure?.getOptionalString('subscriptionId');
  if (!azure || !subscriptionId) {
    throw new InputError(
      `${CONFIG_KEY}.subscriptionId: is required to provision AKS clusters. Fix: set the subscription the clusters are created in`,
    );
  }
  const resourceManagerEndpoint = (
    azure.getOptionalString('resourceManagerEndpoint') ?? PUBLIC_CLOUD_ARM
  ).replace(/\/$/, '');
  const authorityHost =
    azure.getOptionalString('authorityHost') ?? PUBLIC_CLOUD_AUTHORITY;
  const caFile = azure.getOptionalString('caFile');
  const tlsOptions = caFile ? { ca: readCa(caFile) } : undefined;
  const tenantId = azure.getOptionalString('tenantId');
  const clientId = azure.getOptionalString('clientId');
  const clientSecret = azure.getOptionalString('clientSecret');

  let credential: TokenCredential;
  if (clientId || clientSecret) {
    if (!tenantId || !clientId || !clientSecret) {
      throw new InputError(
        `${CONFIG_KEY}: tenantId, clientId and clientSecret go together. Fix: set all three, or none to use workload identity`,
      );
    }
    credential = new ClientSecretCredential(tenantId, clientId, clientSecret, {
      authorityHost,
      // Instance discovery always goes to the public cloud; sovereign and
      // private authorities are trusted as configured.
      disableInstanceDiscovery: authorityHost !== PUBLIC_CLOUD_AUTHORITY,
      ...(tlsOptions ? { tlsOptions } : {}),
    });
  } else {
    credential = new DefaultAzureCredential({
      tenantId,
      authorityHost,
      ...(tlsOptions ? { tlsOptions } : {}),
    });
  }
  return {
    subscriptionId,
    resourceManagerEndpoint,
    credential,
    clientOptions: {
      endpoint: resourceManagerEndpoint,
      ...(tlsOptions ? { tlsOptions } : {}),
    },
  };
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new InputError(
      `${CONFIG_KEY}.caFile: cannot read ${file}. Fix: point it at a PEM file the backend can read`,
    );
  }
}
