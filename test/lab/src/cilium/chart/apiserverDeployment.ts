import { KubeObject } from '../../kube/types';
import { peerHostAliases } from './etcdConfig';
import {
  APP,
  identityAllocationCRD,
  internalKvstore,
  meshOn,
  meshValue,
  SELECTOR,
} from './meshValues';
import {
  chartLabels,
  clustermeshAnnotations,
  objectMeta,
  RenderContext,
} from './metadata';
import { goPrint, truthy } from './values';

function image(ctx: RenderContext): string {
  const override = meshValue(ctx, 'apiserver.image.override');
  if (truthy(override)) return goPrint(override);
  return `${goPrint(meshValue(ctx, 'apiserver.image.repository'))}:${goPrint(
    meshValue(ctx, 'apiserver.image.tag'),
  )}`;
}

function tcp(name: string, containerPort: unknown) {
  return { name, containerPort: Number(containerPort), protocol: 'TCP' };
}

const CONFIG_ENV = (key: string, envName: string, optional = false) => ({
  name: envName,
  valueFrom: {
    configMapKeyRef: {
      name: 'cilium-config',
      key,
      ...(optional ? { optional: true } : {}),
    },
  },
});

const TOKEN_ENV = {
  name: 'INITIAL_CLUSTER_TOKEN',
  valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } },
};

function etcdContainers(ctx: RenderContext) {
  const metrics = meshOn(ctx, 'apiserver.metrics.etcd.enabled');
  const metricsPort = goPrint(meshValue(ctx, 'apiserver.metrics.etcd.port'));
  const init = {
    name: 'etcd-init',
    image: image(ctx),
    imagePullPolicy: 'IfNotPresent',
    command: ['/usr/bin/clustermesh-apiserver'],
    args: [
      'etcdinit',
      '--etcd-cluster-name=clustermesh-apiserver',
      '--etcd-initial-cluster-token=$(INITIAL_CLUSTER_TOKEN)',
      '--etcd-data-dir=/var/run/etcd',
    ],
    env: [CONFIG_ENV('cluster-name', 'CILIUM_CLUSTER_NAME'), TOKEN_ENV],
    volumeMounts: [{ name: 'etcd-data-dir', mountPath: '/var/run/etcd' }],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  const etcd = {
    name: 'etcd',
    image: image(ctx),
    imagePullPolicy: 'IfNotPresent',
    command: ['/usr/bin/etcd'],
    args: [
      '--data-dir=/var/run/etcd',
      '--name=clustermesh-apiserver',
      '--client-cert-auth',
      '--trusted-ca-file=/var/lib/etcd-secrets/ca.crt',
      '--cert-file=/var/lib/etcd-secrets/tls.crt',
      '--key-file=/var/lib/etcd-secrets/tls.key',
      '--listen-client-urls=https://0.0.0.0:2379',
      '--advertise-client-urls=https://localhost:2379',
      '--initial-cluster-token=$(INITIAL_CLUSTER_TOKEN)',
      '--auto-compaction-retention=1',
      '--enable-grpc-gateway=false',
      ...(metrics
        ? [
            `--listen-metrics-urls=http://0.0.0.0:${metricsPort}`,
            `--metrics=${goPrint(
              meshValue(ctx, 'apiserver.metrics.etcd.mode'),
            )}`,
          ]
        : []),
    ],
    env: [{ name: 'ETCDCTL_API', value: '3' }, TOKEN_ENV],
    ports: [
      tcp('etcd', 2379),
      ...(metrics ? [tcp('etcd-metrics', metricsPort)] : []),
    ],
    volumeMounts: [
      {
        name: 'etcd-server-secrets',
        mountPath: '/var/lib/etcd-secrets',
        readOnly: true,
      },
      { name: 'etcd-data-dir', mountPath: '/var/run/etcd' },
    ],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
  return { init, etcd };
}

function maxConnectedArg(ctx: RenderContext): string[] {
  const max = meshValue(ctx, 'maxConnectedClusters');
  return max === undefined ? [] : [`--max-connected-clusters=${goPrint(max)}`];
}

function apiserverContainer(ctx: RenderContext) {
  const metrics = meshOn(ctx, 'apiserver.metrics.enabled');
  const metricsPort = goPrint(meshValue(ctx, 'apiserver.metrics.port'));
  const healthPort = goPrint(meshValue(ctx, 'apiserver.healthPort'));
  const users = goPrint(meshValue(ctx, 'apiserver.tls.authMode')) !== 'legacy';
  const etcdQps =
    ctx.minor >= 20 ? goPrint(meshValue(ctx, 'apiserver.etcdQPS')) : '20';
  const mcsApi =
    meshOn(ctx, 'mcsapi.enabled') ||
    (ctx.minor < 20 && meshOn(ctx, 'enableMCSAPISupport'));
  return {
    name: 'apiserver',
    image: image(ctx),
    imagePullPolicy: 'IfNotPresent',
    command: ['/usr/bin/clustermesh-apiserver'],
    args: [
      'clustermesh',
      '--cluster-name=$(CLUSTER_NAME)',
      '--cluster-id=$(CLUSTER_ID)',
      '--kvstore-opt=etcd.config=/var/lib/cilium/etcd-config.yaml',
      `--kvstore-opt=etcd.qps=${etcdQps}`,
      '--kvstore-opt=etcd.bootstrapQps=10000',
      ...maxConnectedArg(ctx),
      `--health-port=${healthPort}`,
      ...(users
        ? [
            '--cluster-users-enabled',
            '--cluster-users-config-path=/var/lib/cilium/etcd-config/users.yaml',
          ]
        : []),
      ...(metrics
        ? [
            `--prometheus-serve-addr=:${metricsPort}`,
            '--controller-group-metrics=all',
          ]
        : []),
      ...(mcsApi ? ['--clustermesh-enable-mcs-api'] : []),
      ...(ctx.minor >= 20
        ? [
            `--clustermesh-default-global-namespace=${goPrint(
              meshValue(ctx, 'defaultGlobalNamespace'),
            )}`,
          ]
        : []),
    ],
    env: [
      CONFIG_ENV('cluster-name', 'CLUSTER_NAME'),
      CONFIG_ENV('cluster-id', 'CLUSTER_ID', true),
      CONFIG_ENV(
        'enable-k8s-endpoint-slice',
        'ENABLE_K8S_ENDPOINT_SLICE',
        true,
      ),
    ],
    readinessProbe: { httpGet: { path: '/readyz', port: 'apiserv-health' } },
    ports: [
      tcp('apiserv-health', healthPort),
      ...(metrics ? [tcp('apiserv-metrics', metricsPort)] : []),
    ],
    volumeMounts: [
      {
        name: 'etcd-admin-client',
        mountPath: '/var/lib/cilium/etcd-secrets',
        readOnly: true,
      },
      ...(users
        ? [
            {
              name: 'etcd-users-config',
              mountPath: '/var/lib/cilium/etcd-config',
              readOnly: true,
            },
          ]
        : []),
    ],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

function kvstoremeshContainer(ctx: RenderContext) {
  const metrics = meshOn(ctx, 'apiserver.metrics.kvstoremesh.enabled');
  const metricsPort = goPrint(
    meshValue(ctx, 'apiserver.metrics.kvstoremesh.port'),
  );
  const healthPort = goPrint(
    meshValue(ctx, 'apiserver.kvstoremesh.healthPort'),
  );
  const etcdQps =
    ctx.minor >= 20
      ? goPrint(meshValue(ctx, 'apiserver.kvstoremesh.etcdQPS'))
      : '100';
  return {
    name: 'kvstoremesh',
    image: image(ctx),
    imagePullPolicy: 'IfNotPresent',
    command: ['/usr/bin/clustermesh-apiserver'],
    args: [
      'kvstoremesh',
      '--cluster-name=$(CLUSTER_NAME)',
      '--cluster-id=$(CLUSTER_ID)',
      '--kvstore-opt=etcd.config=/var/lib/cilium/etcd-config.yaml',
      `--kvstore-opt=etcd.qps=${etcdQps}`,
      '--kvstore-opt=etcd.bootstrapQps=10000',
      '--kvstore-opt=etcd.maxInflight=10',
      '--clustermesh-config=/var/lib/cilium/clustermesh',
      ...maxConnectedArg(ctx),
      ...(ctx.minor >= 19
        ? [`--clustermesh-cache-ttl=${goPrint(meshValue(ctx, 'cacheTTL'))}`]
        : []),
      `--health-port=${healthPort}`,
      ...(metrics
        ? [
            `--prometheus-serve-addr=:${metricsPort}`,
            '--controller-group-metrics=all',
          ]
        : []),
      `--enable-heartbeat=${identityAllocationCRD(ctx) ? 'false' : 'true'}`,
    ],
    readinessProbe: { httpGet: { path: '/readyz', port: 'kvmesh-health' } },
    env: [
      CONFIG_ENV('cluster-name', 'CLUSTER_NAME'),
      CONFIG_ENV('cluster-id', 'CLUSTER_ID'),
    ],
    ports: [
      tcp('kvmesh-health', healthPort),
      ...(metrics ? [tcp('kvmesh-metrics', metricsPort)] : []),
    ],
    volumeMounts: [
      {
        name: 'etcd-admin-client',
        mountPath: '/var/lib/cilium/etcd-secrets',
        readOnly: true,
      },
      {
        name: 'kvstoremesh-secrets',
        mountPath: '/var/lib/cilium/clustermesh',
        readOnly: true,
      },
    ],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

function certVolume(name: string, secretName: string) {
  return {
    name,
    projected: {
      defaultMode: 0o400,
      sources: [
        {
          secret: {
            name: secretName,
            items: ['tls.crt', 'tls.key', 'ca.crt'].map(key => ({
              key,
              path: key,
            })),
          },
        },
      ],
    },
  };
}

function apiserverVolumes(ctx: RenderContext) {
  const users = goPrint(meshValue(ctx, 'apiserver.tls.authMode')) !== 'legacy';
  return [
    certVolume('etcd-server-secrets', 'clustermesh-apiserver-server-cert'),
    certVolume('etcd-admin-client', 'clustermesh-apiserver-admin-cert'),
    ...(users
      ? [
          {
            name: 'etcd-users-config',
            configMap: { name: 'clustermesh-remote-users', defaultMode: 0o400 },
          },
        ]
      : []),
    { name: 'etcd-data-dir', emptyDir: {} },
    ...(meshOn(ctx, 'apiserver.kvstoremesh.enabled')
      ? [
          {
            name: 'kvstoremesh-secrets',
            projected: {
              defaultMode: 0o400,
              sources: [
                { secret: { name: 'cilium-kvstoremesh', optional: true } },
                {
                  secret: {
                    name: 'clustermesh-apiserver-remote-cert',
                    optional: true,
                    items: [
                      { key: 'tls.key', path: 'common-etcd-client.key' },
                      { key: 'tls.crt', path: 'common-etcd-client.crt' },
                      { key: 'ca.crt', path: 'common-etcd-client-ca.crt' },
                    ],
                  },
                },
              ],
            },
          },
        ]
      : []),
  ];
}

/** With KVStoreMesh the clustermesh-apiserver pod, not the agents, resolves the peers. */
function apiserverHostAliases(ctx: RenderContext) {
  const disabled =
    ctx.minor >= 20 && meshOn(ctx, 'disableKubernetesHostAliases');
  if (
    !meshOn(ctx, 'config.enabled') ||
    !meshOn(ctx, 'apiserver.kvstoremesh.enabled') ||
    disabled
  ) {
    return {};
  }
  const aliases = peerHostAliases(ctx);
  return aliases.length > 0 ? { hostAliases: aliases } : {};
}

export function apiserverDeployment(ctx: RenderContext): KubeObject {
  const labels = {
    'k8s-app': APP,
    'app.kubernetes.io/part-of': 'cilium',
    'app.kubernetes.io/name': APP,
    ...chartLabels(ctx),
  };
  const internal = internalKvstore(ctx);
  const { init, etcd } = etcdContainers(ctx);
  const tolerations = meshValue(ctx, 'apiserver.tolerations');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(ctx, APP, labels, clustermeshAnnotations(ctx)),
    spec: {
      replicas: Number(meshValue(ctx, 'apiserver.replicas')),
      selector: { matchLabels: SELECTOR },
      strategy: internal
        ? meshValue(ctx, 'apiserver.updateStrategy')
        : { type: 'Recreate' },
      template: {
        metadata: {
          annotations: {
            'kubectl.kubernetes.io/default-container': 'apiserver',
          },
          labels,
        },
        spec: {
          ...(internal ? { initContainers: [init] } : {}),
          containers: [
            ...(internal ? [etcd] : []),
            ...(identityAllocationCRD(ctx) ? [apiserverContainer(ctx)] : []),
            ...(meshOn(ctx, 'apiserver.kvstoremesh.enabled')
              ? [kvstoremeshContainer(ctx)]
              : []),
          ],
          volumes: apiserverVolumes(ctx),
          restartPolicy: 'Always',
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: APP,
          terminationGracePeriodSeconds: 30,
          automountServiceAccountToken: true,
          ...(truthy(tolerations) ? { tolerations } : {}),
          ...apiserverHostAliases(ctx),
        },
      },
    },
  };
}
