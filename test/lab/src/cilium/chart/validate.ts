import { HelmError } from '../../helm/errors';
import { Values } from '../../helm/values';
import { CiliumSettings, ciliumMinor } from '../settings';
import { buildCustomCert } from './customCa';
import {
  CILIUM_CONFIGMAP,
  Context,
  FailCall,
  missing,
  VALIDATE_YAML,
} from './failCalls';
import { lineOf, SiteName, siteOf } from './sites';
import {
  effectiveValues,
  goPrint,
  isMap,
  meshClusters,
  truthy,
  valueAt,
} from './values';

function firstFailure(
  ctx: Context,
  file: string,
  calls: FailCall[],
): string | undefined {
  const failing = calls
    .filter(call => (call.since ?? 0) <= ctx.minor && call.when(ctx))
    .sort(
      (a, b) =>
        lineOf(ctx.chartVersion, a.site) - lineOf(ctx.chartVersion, b.site),
    )[0];
  if (!failing) return undefined;
  const message =
    typeof failing.message === 'string'
      ? failing.message
      : failing.message(ctx);
  return `execution error at (${siteOf(
    ctx.chartVersion,
    file,
    failing.site,
  )}): ${message}`;
}

/** A Go template error raised inside an included helper, as Helm passes it on. */
function nestedError(
  ctx: Context,
  outer: { file: string; site: SiteName; call: string },
  inner: { file: string; site: SiteName; define: string; node: string },
  message: string,
): string {
  return `template: ${siteOf(
    ctx.chartVersion,
    outer.file,
    outer.site,
  )}: executing "cilium/templates/${outer.file}" at <${
    outer.call
  }>: error calling include: template: ${siteOf(
    ctx.chartVersion,
    inner.file,
    inner.site,
  )}: executing "${inner.define}" at <${inner.node}>: ${message}`;
}

/** Whether the helm TLS method renders certificates (so `cilium.ca.setup` runs) for this part. */
function helmMethod(ctx: Context, prefix: string): boolean {
  return (
    truthy(ctx.at(`${prefix}.auto.enabled`)) &&
    goPrint(ctx.at(`${prefix}.auto.method`)) === 'helm'
  );
}

/** The first template to call `cilium.ca.setup` decodes tls.ca.cert/key (depth-5 templates render first). */
function customCaFailure(ctx: Context): string | undefined {
  const cert = ctx.at('tls.ca.cert');
  const key = ctx.at('tls.ca.key');
  if (!truthy(cert) || !truthy(key)) return undefined;
  const built = buildCustomCert(goPrint(cert), goPrint(key));
  if ('ca' in built) return undefined;
  const hubbleServerCert =
    truthy(ctx.at('agent')) &&
    truthy(ctx.at('hubble.enabled')) &&
    truthy(ctx.at('hubble.tls.enabled')) &&
    helmMethod(ctx, 'hubble.tls');
  const apiserverServerCert =
    (truthy(ctx.at('clustermesh.useAPIServer')) ||
      (ctx.minor < 19 && truthy(ctx.at('externalWorkloads.enabled')))) &&
    (ctx.minor < 19 ||
      goPrint(ctx.at('clustermesh.apiserver.kvstoremesh.kvstoreMode')) ===
        'internal') &&
    helmMethod(ctx, 'clustermesh.apiserver.tls');
  let outer = {
    file: 'cilium-ca-secret.yaml',
    site: 'caSetupSecret' as SiteName,
  };
  if (hubbleServerCert) {
    outer = {
      file: 'hubble/tls-helm/server-secret.yaml',
      site: 'caSetupHubble',
    };
  } else if (apiserverServerCert) {
    outer = {
      file: 'clustermesh-apiserver/tls-helm/server-secret.yaml',
      site: 'caSetupServer',
    };
  }
  return nestedError(
    ctx,
    { ...outer, call: 'include "cilium.ca.setup" .' },
    {
      file: '_helpers.tpl',
      site: 'buildCustomCertValues',
      define: 'cilium.ca.setup',
      node: 'buildCustomCert $crt $key',
    },
    `error calling buildCustomCert: ${built.error}`,
  );
}

function goTypeName(value: unknown): string {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'int64' : 'float64';
  }
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  if (isMap(value)) return 'map[string]interface {}';
  return 'interface {}';
}

/** clustermesh-config/{kvstoremesh,clustermesh}-secret.yaml: entry names, then endpoints. */
function clustermeshConfigFailure(ctx: Context): string | undefined {
  if (!truthy(ctx.at('clustermesh.config.enabled'))) return undefined;
  const kvstoremesh =
    truthy(ctx.at('clustermesh.useAPIServer')) &&
    truthy(ctx.at('clustermesh.apiserver.kvstoremesh.enabled'));
  const secrets = [
    ...(kvstoremesh ? [{ name: 'kvstoremesh', usesOverride: false }] : []),
    { name: 'clustermesh', usesOverride: kvstoremesh },
  ];
  const clusters = ctx.at('clustermesh.config.clusters');
  for (const secret of secrets) {
    const file = `clustermesh-config/${secret.name}-secret.yaml`;
    const unnamed =
      ctx.minor >= 19 && Array.isArray(clusters)
        ? clusters.find(
            cluster =>
              isMap(cluster) &&
              cluster.enabled !== false &&
              typeof cluster.name !== 'string',
          )
        : undefined;
    if (unnamed) {
      return nestedError(
        ctx,
        {
          file,
          site: `${secret.name}SecretClusters` as SiteName,
          call: 'include "clustermesh-clusters" .',
        },
        {
          file: 'clustermesh-config/_helpers.tpl',
          site: 'helpersSetName',
          define: 'clustermesh-clusters',
          node: '$cluster.name',
        },
        `wrong type for value; expected string; got ${goTypeName(
          (unnamed as Values).name,
        )}`,
      );
    }
    const unreachable =
      !secret.usesOverride &&
      meshClusters(ctx.chartVersion, ctx.values).some(
        cluster => !truthy(cluster.ips) && missing(cluster.address),
      );
    if (unreachable) {
      return `execution error at (${siteOf(
        ctx.chartVersion,
        file,
        `${secret.name}SecretCfg` as SiteName,
      )}): missing clustermesh.apiserver.config.clusters.address`;
    }
  }
  return undefined;
}

function apiserverDeploymentFailure(ctx: Context): string | undefined {
  return firstFailure(ctx, 'clustermesh-apiserver/deployment.yaml', [
    {
      site: 'authMode',
      when: c =>
        truthy(c.at('clustermesh.useAPIServer')) &&
        !['legacy', 'migration', 'cluster'].includes(
          goPrint(c.at('clustermesh.apiserver.tls.authMode')),
        ),
      message:
        '.Values.clustermesh.apiserver.tls.authMode must be one of legacy, migration, cluster',
    },
  ]);
}

function configMapFailure(ctx: Context): string | undefined {
  const rendered =
    (truthy(ctx.at('agent')) ||
      truthy(ctx.at('operator.enabled')) ||
      truthy(ctx.at('clustermesh.useAPIServer'))) &&
    !truthy(ctx.at('preflight.enabled'));
  return rendered
    ? firstFailure(ctx, 'cilium-configmap.yaml', CILIUM_CONFIGMAP)
    : undefined;
}

/**
 * The error `helm install/upgrade` reports when the Cilium chart's templates
 * refuse these values, or undefined. Helm renders the deepest templates
 * first, then by reverse path order, and stops at the first failure; the
 * checks run in that order.
 */
export function ciliumTemplateError(
  chartVersion: string,
  userValues: Values,
): string | undefined {
  const values = effectiveValues(chartVersion, userValues);
  const ctx: Context = {
    chartVersion,
    minor: ciliumMinor(chartVersion),
    values,
    at: path => valueAt(values, path),
  };
  return (
    customCaFailure(ctx) ??
    clustermeshConfigFailure(ctx) ??
    apiserverDeploymentFailure(ctx) ??
    firstFailure(ctx, 'validate.yaml', VALIDATE_YAML) ??
    configMapFailure(ctx)
  );
}

/** Throws what `helm` prints (after its INSTALLATION/UPGRADE FAILED prefix) when the chart's templates fail. */
export function validateCiliumTemplates(
  chartVersion: string,
  userValues: Values,
): void {
  const error = ciliumTemplateError(chartVersion, userValues);
  if (error) throw new HelmError(error);
}

/**
 * What the chart lets through but the agent refuses at start-up (it then
 * crash-loops with this error): the cluster ID range is checked only there.
 */
export function agentConfigError(settings: CiliumSettings): string | undefined {
  const max = settings.maxConnectedClusters;
  if (settings.clusterId < 0 || settings.clusterId > max) {
    return `invalid cluster id ${settings.clusterId}: must be in range 0..${max}`;
  }
  return undefined;
}
