import { KubeConfig } from '@kubernetes/client-node';
import type { KubeApiServer } from '@meshportal/lab';
import { randomBytes } from 'node:crypto';
import { parse, stringify } from 'yaml';

export function kubeConfigOf(kubeconfigYaml: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(kubeconfigYaml);
  return config;
}

/** The lab's read-only kubeconfig with its token replaced by `token`. */
export function kubeconfigWithToken(
  cluster: KubeApiServer,
  token: string,
): string {
  const document = parse(cluster.readOnlyKubeconfig());
  document.users[0].user = { token };
  return stringify(document);
}

/** Registers a fresh token for an identity with exactly these rules. */
export function identityKubeconfig(
  cluster: KubeApiServer,
  user: string,
  rules: Parameters<KubeApiServer['addIdentity']>[1]['rules'],
): string {
  const token = randomBytes(24).toString('hex');
  cluster.addIdentity(token, { user, groups: [], rules });
  return kubeconfigWithToken(cluster, token);
}
