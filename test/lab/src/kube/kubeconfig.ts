import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** Also the context name, as in AKS-issued kubeconfigs. */
  clusterName: string;
  server: string;
  caPem: string;
  userName: string;
  clientCertificatePem?: string;
  clientKeyPem?: string;
  token?: string;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A kubeconfig shaped like `az aks get-credentials` writes one. */
export function buildKubeconfig(options: KubeconfigOptions): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        cluster: {
          'certificate-authority-data': base64(options.caPem),
          server: options.server,
        },
        name: options.clusterName,
      },
    ],
    contexts: [
      {
        context: { cluster: options.clusterName, user: options.userName },
        name: options.clusterName,
      },
    ],
    'current-context': options.clusterName,
    preferences: {},
    users: [
      {
        name: options.userName,
        user: {
          ...(options.clientCertificatePem
            ? {
                'client-certificate-data': base64(options.clientCertificatePem),
              }
            : {}),
          ...(options.clientKeyPem
            ? { 'client-key-data': base64(options.clientKeyPem) }
            : {}),
          ...(options.token ? { token: options.token } : {}),
        },
      },
    ],
  });
}
