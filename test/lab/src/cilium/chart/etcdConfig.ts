import { Values } from '../../helm/values';
import { RenderContext } from './metadata';
import { goPrint, isMap, stringList, truthy } from './values';

const FILES = '/var/lib/cilium/clustermesh/';

/** The endpoint agents use instead of the peers' when KVStoreMesh caches them locally. */
export function localKvstoremeshEndpoint(namespace: string): string {
  return `https://clustermesh-apiserver.${namespace}.svc:2379`;
}

function hasOwnClientCert(cluster: Values): boolean {
  const tls = isMap(cluster.tls) ? cluster.tls : {};
  return truthy(tls.cert) && truthy(tls.key);
}

/**
 * `clustermesh-config-generate-etcd-cfg`: the etcd client config a peer's
 * Secret entry holds, byte for byte as the chart version renders it
 * (`port` has no default, so a missing one leaves `https://host:`).
 */
export function etcdConfigYaml(
  ctx: RenderContext,
  cluster: Values,
  override: string,
): string {
  const name = goPrint(cluster.name);
  const domain = goPrint(ctx.at('clustermesh.config.domain'));
  const tls = isMap(cluster.tls) ? cluster.tls : {};
  const ips = stringList(cluster.ips);
  let prefix = `${name}.`;
  const common = ctx.minor < 19 ? override !== '' : false;
  if (common || !hasOwnClientCert(cluster)) prefix = 'common-';
  if (ctx.minor >= 19 && override !== '') prefix = 'local-';

  let endpoint = `https://${goPrint(cluster.address)}:${goPrint(cluster.port)}`;
  if (override !== '') endpoint = override;
  else if (truthy(cluster.ips)) {
    endpoint = `https://${name}.${domain}:${goPrint(cluster.port)}`;
  }
  const ownCa = (ctx.minor >= 19 && override !== '') || truthy(tls.caCert);
  const lines = [
    'endpoints:',
    `- ${endpoint}`,
    `trusted-ca-file: ${FILES}${ownCa ? prefix : 'common-'}etcd-client-ca.crt`,
    `key-file: ${FILES}${prefix}etcd-client.key`,
    `cert-file: ${FILES}${prefix}etcd-client.crt`,
  ];
  if (ctx.minor >= 20 && override === '' && truthy(cluster.ips)) {
    lines.push(
      'cilium-host-aliases:',
      `- hostname: ${name}.${domain}`,
      // `ips: {{ toYaml ... | nindent 4 }}` leaves a trailing space after the key.
      '  ips: ',
      ...ips.map(ip => `    - ${ip}`),
    );
  }
  return lines.join('\n');
}

/**
 * The data of `cilium-clustermesh` (override = the local KVStoreMesh
 * endpoint) or `cilium-kvstoremesh` (no override): one etcd config per
 * configured cluster, plus a cluster's own client certificate files when
 * its entry carries `tls` (deprecated degraded mode).
 */
export function clustermeshSecretData(
  ctx: RenderContext,
  override: string,
): Record<string, string> {
  const data: Record<string, string> = {};
  for (const cluster of ctx.clusters()) {
    const name = goPrint(cluster.name);
    data[name] = Buffer.from(etcdConfigYaml(ctx, cluster, override)).toString(
      'base64',
    );
    const tls = isMap(cluster.tls) ? cluster.tls : {};
    if (override === '' && hasOwnClientCert(cluster)) {
      if (truthy(tls.caCert)) {
        data[`${name}.etcd-client-ca.crt`] = goPrint(tls.caCert);
      }
      data[`${name}.etcd-client.key`] = goPrint(tls.key);
      data[`${name}.etcd-client.crt`] = goPrint(tls.cert);
    }
  }
  return data;
}

/** Pod `hostAliases` mapping `<peer>.<domain>` to each of its IPs (none when no peer uses ips). */
export function peerHostAliases(
  ctx: RenderContext,
): { ip: string; hostnames: string[] }[] {
  const domain = goPrint(ctx.at('clustermesh.config.domain'));
  return ctx.clusters().flatMap(cluster =>
    stringList(cluster.ips).map(ip => ({
      ip,
      hostnames: [`${goPrint(cluster.name)}.${domain}`],
    })),
  );
}
