import type { ClusterAccess } from '../azure/clusterAccess';

/** Every secret string an access holds (the key also decoded), for scrubbing output. */
export function accessSecrets(access: ClusterAccess): string[] {
  if ('token' in access.credentials) return [access.credentials.token];
  const keyData = access.credentials.clientKeyData;
  return [keyData, Buffer.from(keyData, 'base64').toString('utf8').trim()];
}
