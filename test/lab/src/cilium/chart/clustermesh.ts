import { KubeObject } from '../../kube/types';
import { apiserverDeployment } from './apiserverDeployment';
import { clustermeshSecretData, localKvstoremeshEndpoint } from './etcdConfig';
import {
  APP,
  identityAllocationCRD,
  internalKvstore,
  kvstoremeshRuns,
  meshOn,
  meshValue,
  SELECTOR,
} from './meshValues';
import {
  chartLabels,
  clustermeshAnnotations,
  commonLabels,
  objectMeta,
  RenderContext,
  stringMap,
} from './metadata';
import { goPrint, truthy } from './values';

function loadBalancerFields(ctx: RenderContext): Record<string, unknown> {
  const service = (path: string) => meshValue(ctx, `apiserver.service.${path}`);
  if (goPrint(service('type')) !== 'LoadBalancer') return {};
  const fields: Record<string, unknown> = {};
  if (truthy(service('loadBalancerClass'))) {
    fields.loadBalancerClass = goPrint(service('loadBalancerClass'));
  }
  if (truthy(service('loadBalancerIP'))) {
    fields.loadBalancerIP = goPrint(service('loadBalancerIP'));
  }
  if (ctx.minor >= 19 && truthy(service('loadBalancerSourceRanges'))) {
    fields.loadBalancerSourceRanges = service('loadBalancerSourceRanges');
  }
  return fields;
}

export function apiserverService(ctx: RenderContext): KubeObject {
  const service = (path: string) => meshValue(ctx, `apiserver.service.${path}`);
  const type = goPrint(service('type'));
  const annotations = {
    ...clustermeshAnnotations(ctx),
    ...stringMap(service('annotations')),
  };
  const affinity = goPrint(service('enableSessionAffinity'));
  const replicas = Math.trunc(Number(meshValue(ctx, 'apiserver.replicas')));
  const sticky =
    affinity === 'Always' || (affinity === 'HAOnly' && replicas > 1);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(
      ctx,
      APP,
      {
        'k8s-app': APP,
        'app.kubernetes.io/part-of': 'cilium',
        'app.kubernetes.io/name': APP,
        ...chartLabels(ctx),
        ...(ctx.minor >= 19 ? stringMap(service('labels')) : {}),
      },
      annotations,
    ),
    spec: {
      type,
      selector: SELECTOR,
      ports: [
        {
          port: 2379,
          ...(type === 'NodePort' && truthy(service('nodePort'))
            ? { nodePort: Number(service('nodePort')) }
            : {}),
        },
      ],
      ...loadBalancerFields(ctx),
      ...(truthy(service('externalTrafficPolicy'))
        ? { externalTrafficPolicy: goPrint(service('externalTrafficPolicy')) }
        : {}),
      ...(truthy(service('internalTrafficPolicy'))
        ? { internalTrafficPolicy: goPrint(service('internalTrafficPolicy')) }
        : {}),
      ...(sticky ? { sessionAffinity: 'ClientIP' } : {}),
    },
  };
}

export function apiserverMetricsService(
  ctx: RenderContext,
): KubeObject | undefined {
  const metrics = meshOn(ctx, 'apiserver.metrics.enabled');
  const kvstoremesh =
    meshOn(ctx, 'apiserver.kvstoremesh.enabled') &&
    meshOn(ctx, 'apiserver.metrics.kvstoremesh.enabled');
  const etcd = meshOn(ctx, 'apiserver.metrics.etcd.enabled');
  if (!metrics && !kvstoremesh && !etcd) return undefined;
  const internal = internalKvstore(ctx);
  const port = (name: string, path: string) => ({
    name,
    port: Number(meshValue(ctx, path)),
    protocol: 'TCP',
    targetPort: name,
  });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(
      ctx,
      `${APP}-metrics`,
      {
        'k8s-app': APP,
        'app.kubernetes.io/part-of': 'cilium',
        'app.kubernetes.io/name': APP,
        'app.kubernetes.io/component': 'metrics',
        ...chartLabels(ctx),
      },
      clustermeshAnnotations(ctx),
    ),
    spec: {
      clusterIP: 'None',
      type: 'ClusterIP',
      ports: [
        ...(internal && identityAllocationCRD(ctx) && metrics
          ? [port('apiserv-metrics', 'apiserver.metrics.port')]
          : []),
        ...(kvstoremesh
          ? [port('kvmesh-metrics', 'apiserver.metrics.kvstoremesh.port')]
          : []),
        ...(internal && etcd
          ? [port('etcd-metrics', 'apiserver.metrics.etcd.port')]
          : []),
      ],
      selector: SELECTOR,
    },
  };
}

/** `clustermesh-remote-users`: the etcd users peers' remote certificates map to (authMode migration/cluster). */
export function remoteUsersConfigMap(
  ctx: RenderContext,
): KubeObject | undefined {
  const legacy = goPrint(meshValue(ctx, 'apiserver.tls.authMode')) === 'legacy';
  if (legacy || !meshOn(ctx, 'useAPIServer')) return undefined;
  const names = ctx.clusters().map(cluster => goPrint(cluster.name));
  if (ctx.minor >= 19) {
    const rendered =
      meshOn(ctx, 'config.enabled') &&
      internalKvstore(ctx) &&
      identityAllocationCRD(ctx);
    if (!rendered) return undefined;
  } else if (meshOn(ctx, 'apiserver.kvstoremesh.enabled')) {
    // 1.16 also lets the local KVStoreMesh in with its remote certificate.
    names.unshift(goPrint(ctx.at('cluster.name')));
  }
  const users = names
    .map(name => `- name: remote-${name}\n  role: remote\n`)
    .join('');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(
      ctx,
      'clustermesh-remote-users',
      { 'app.kubernetes.io/part-of': 'cilium', ...chartLabels(ctx) },
      clustermeshAnnotations(ctx),
    ),
    data: { 'users.yaml': `users:\n${users}` },
  };
}

function meshSecret(
  ctx: RenderContext,
  name: string,
  data: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(
      ctx,
      name,
      commonLabels(ctx),
      clustermeshAnnotations(ctx),
    ),
    data,
  };
}

/** `cilium-clustermesh` (agents) and, with KVStoreMesh, `cilium-kvstoremesh` (the kvstoremesh container). */
export function clustermeshConfigSecrets(ctx: RenderContext): KubeObject[] {
  if (!meshOn(ctx, 'config.enabled')) return [];
  const kvstoremesh = kvstoremeshRuns(ctx);
  const override = kvstoremesh ? localKvstoremeshEndpoint(ctx.namespace) : '';
  return [
    meshSecret(ctx, 'cilium-clustermesh', clustermeshSecretData(ctx, override)),
    ...(kvstoremesh
      ? [meshSecret(ctx, 'cilium-kvstoremesh', clustermeshSecretData(ctx, ''))]
      : []),
  ];
}

/** Everything `clustermesh.useAPIServer` adds, without certificates. */
export function apiserverObjects(ctx: RenderContext): KubeObject[] {
  if (!meshOn(ctx, 'useAPIServer')) return [];
  const externallyCreated =
    ctx.minor >= 19 && meshOn(ctx, 'apiserver.service.externallyCreated');
  const metrics = apiserverMetricsService(ctx);
  return [
    apiserverDeployment(ctx),
    ...(internalKvstore(ctx) && !externallyCreated
      ? [apiserverService(ctx)]
      : []),
    ...(metrics ? [metrics] : []),
  ];
}
