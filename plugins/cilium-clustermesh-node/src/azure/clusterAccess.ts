import { ContainerServiceClient } from '@azure/arm-containerservice';
import { KubeConfig } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { AKS_SERVER_APP_SCOPE } from '../kubernetes/kubeConfig';
import { armScopeFor } from './armRestClient';
import type { AzureConnection } from './azureConnection';
import {
  AzureOperationError,
  toAzureOperationError,
} from './azureOperationError';

/** How to reach one cluster's API server with admin rights. Holds secrets: never log it. */
export interface ClusterAccess {
  /** AKS name, for messages. */
  cluster: string;
  /** https URL */
  server: string;
  /** base64 PEM */
  caData: string;
  /** ManagedCluster properties.fqdn (for k8sServiceHost) */
  fqdn: string;
  credentials:
    | { token: string }
    | { clientCertData: string; clientKeyData: string };
}

export interface ClusterAccessOptions {
  signal?: AbortSignal;
  /** Defaults to the connection's subscription. */
  subscriptionId?: string;
}

/** A KubeConfig for the cluster, held in memory only. */
export function kubeConfigFor(access: ClusterAccess): KubeConfig {
  const kubeConfig = new KubeConfig();
  const user =
    'token' in access.credentials
      ? { name: access.cluster, token: access.credentials.token }
      : {
          name: access.cluster,
          certData: access.credentials.clientCertData,
          keyData: access.credentials.clientKeyData,
        };
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: access.cluster,
        server: access.server,
        caData: access.caData,
        skipTLSVerify: false,
      },
    ],
    users: [user],
    contexts: [
      { name: access.cluster, cluster: access.cluster, user: access.cluster },
    ],
    currentContext: access.cluster,
  });
  return kubeConfig;
}

/** The kubeconfig as YAML, for helm's 0600 temp file only. */
export function kubeConfigYaml(access: ClusterAccess): string {
  const user =
    'token' in access.credentials
      ? { token: access.credentials.token }
      : {
          'client-certificate-data': access.credentials.clientCertData,
          'client-key-data': access.credentials.clientKeyData,
        };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: access.cluster,
        cluster: {
          server: access.server,
          'certificate-authority-data': access.caData,
        },
      },
    ],
    users: [{ name: access.cluster, user }],
    contexts: [
      {
        name: access.cluster,
        context: { cluster: access.cluster, user: access.cluster },
      },
    ],
    'current-context': access.cluster,
  });
}

/**
 * Admin access to an AKS cluster's API server. Entra ID clusters (managed
 * AAD, or local accounts disabled) get the server and CA from the user
 * kubeconfig and a bearer token for the AKS server app from the backend's
 * own identity, instead of kubelogin; the others get the cluster-admin client
 * certificate. Kubeconfigs are parsed in memory and never written.
 */
export async function getClusterAccess(
  connection: AzureConnection,
  resourceGroup: string,
  aksName: string,
  options: ClusterAccessOptions = {},
): Promise<ClusterAccess> {
  const aks = new ContainerServiceClient(
    connection.credential,
    options.subscriptionId ?? connection.subscriptionId,
    {
      ...connection.clientOptions,
      credentials: {
        scopes: [armScopeFor(connection.clientOptions.endpoint)],
      },
    },
  );
  const requestOptions = { abortSignal: options.signal };
  try {
    const cluster = await aks.managedClusters.get(
      resourceGroup,
      aksName,
      requestOptions,
    );
    if (!cluster.fqdn) {
      throw new AzureOperationError(
        'IncompleteResource',
        `AKS cluster ${aksName} has no fqdn yet (provisioning state ${String(
          cluster.provisioningState,
        )})`,
      );
    }
    const entraId =
      cluster.aadProfile !== undefined || cluster.disableLocalAccounts === true;
    const result = entraId
      ? await aks.managedClusters.listClusterUserCredentials(
          resourceGroup,
          aksName,
          requestOptions,
        )
      : await aks.managedClusters.listClusterAdminCredentials(
          resourceGroup,
          aksName,
          requestOptions,
        );
    const value = result.kubeconfigs?.[0]?.value;
    if (!value) {
      throw new AzureOperationError(
        'NoKubeconfig',
        `AKS returned no kubeconfig for cluster ${aksName}`,
      );
    }
    const kubeconfig = readKubeconfig(
      Buffer.from(value).toString('utf8'),
      aksName,
    );
    const credentials = entraId
      ? { token: await entraToken(connection, aksName) }
      : kubeconfig.credentials;
    if (!credentials) {
      throw new AzureOperationError(
        'InvalidKubeconfig',
        `the admin kubeconfig AKS returned for cluster ${aksName} has neither a client certificate nor a token`,
      );
    }
    return {
      cluster: aksName,
      server: kubeconfig.server,
      caData: kubeconfig.caData,
      fqdn: cluster.fqdn,
      credentials,
    };
  } catch (error) {
    throw toAzureOperationError(error);
  }
}

async function entraToken(
  connection: AzureConnection,
  aksName: string,
): Promise<string> {
  const accessToken = await connection.credential.getToken(
    AKS_SERVER_APP_SCOPE,
  );
  if (!accessToken) {
    throw new AzureOperationError(
      'AuthenticationFailed',
      `Entra ID returned no token for cluster ${aksName} (scope ${AKS_SERVER_APP_SCOPE}); check that the backend identity may sign in to the AKS server app`,
    );
  }
  return accessToken.token;
}

interface KubeconfigDocument {
  'current-context'?: string;
  clusters?: { name?: string; cluster?: Record<string, unknown> }[];
  users?: { name?: string; user?: Record<string, unknown> }[];
  contexts?: { name?: string; context?: { cluster?: string; user?: string } }[];
}

/**
 * Server, CA and (when it has them) client certificate of the current context.
 * Errors name only what is missing: the document is full of secrets.
 */
function readKubeconfig(
  text: string,
  aksName: string,
): {
  server: string;
  caData: string;
  /** Absent for Entra ID users (kubelogin exec), which get our own token. */
  credentials?: ClusterAccess['credentials'];
} {
  const invalid = (what: string) =>
    new AzureOperationError(
      'InvalidKubeconfig',
      `the kubeconfig AKS returned for cluster ${aksName} has no ${what}`,
    );
  let document: KubeconfigDocument;
  try {
    document = parse(text) ?? {};
  } catch {
    throw invalid('valid YAML');
  }
  const context =
    document.contexts?.find(c => c.name === document['current-context']) ??
    document.contexts?.[0];
  const cluster = (
    document.clusters?.find(c => c.name === context?.context?.cluster) ??
    document.clusters?.[0]
  )?.cluster;
  const user = (
    document.users?.find(u => u.name === context?.context?.user) ??
    document.users?.[0]
  )?.user;
  const server = cluster?.server;
  const caData = cluster?.['certificate-authority-data'];
  if (typeof server !== 'string') throw invalid('server');
  if (typeof caData !== 'string') throw invalid('certificate-authority-data');
  const certData = user?.['client-certificate-data'];
  const keyData = user?.['client-key-data'];
  const token = user?.token;
  if (typeof certData === 'string' && typeof keyData === 'string') {
    return {
      server,
      caData,
      credentials: { clientCertData: certData, clientKeyData: keyData },
    };
  }
  if (typeof token === 'string') {
    return { server, caData, credentials: { token } };
  }
  return { server, caData };
}
