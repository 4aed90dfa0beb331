import { KubeObject } from '../../kube/types';
import { peerHostAliases } from './etcdConfig';
import { chartLabels, objectMeta, RenderContext } from './metadata';
import { goPrint, truthy } from './values';

const CONFIG_DIR_ARG = '--config-dir=/tmp/cilium/config-map';

function imageOf(ctx: RenderContext, path: string, suffix = ''): string {
  const override = ctx.at(`${path}.override`);
  if (truthy(override)) return goPrint(override);
  const tag = goPrint(ctx.at(`${path}.tag`));
  return `${goPrint(ctx.at(`${path}.repository`))}${suffix}${
    tag ? `:${tag}` : ''
  }`;
}

/** KUBERNETES_SERVICE_HOST/PORT, which the agents and the operator get when kube-proxy may be absent. */
function apiServerEnv(ctx: RenderContext): { name: string; value: string }[] {
  if (!truthy(ctx.at('k8sServiceHost'))) return [];
  return [
    {
      name: 'KUBERNETES_SERVICE_HOST',
      value: goPrint(ctx.at('k8sServiceHost')),
    },
    {
      name: 'KUBERNETES_SERVICE_PORT',
      value: goPrint(ctx.at('k8sServicePort')),
    },
  ];
}

const FIELD_ENV = [
  {
    name: 'K8S_NODE_NAME',
    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
  },
  {
    name: 'CILIUM_K8S_NAMESPACE',
    valueFrom: {
      fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
    },
  },
];

function port(name: string, containerPort: unknown, hostPort = true) {
  const number = Number(containerPort);
  return {
    name,
    containerPort: number,
    ...(hostPort ? { hostPort: number } : {}),
    protocol: 'TCP',
  };
}

function clustermeshSecretsVolume() {
  const certItems = (prefix: string) => [
    { key: 'tls.key', path: `${prefix}-etcd-client.key` },
    { key: 'tls.crt', path: `${prefix}-etcd-client.crt` },
    { key: 'ca.crt', path: `${prefix}-etcd-client-ca.crt` },
  ];
  return {
    name: 'clustermesh-secrets',
    projected: {
      defaultMode: 0o400,
      sources: [
        { secret: { name: 'cilium-clustermesh', optional: true } },
        {
          secret: {
            name: 'clustermesh-apiserver-remote-cert',
            optional: true,
            items: certItems('common'),
          },
        },
        {
          secret: {
            name: 'clustermesh-apiserver-local-cert',
            optional: true,
            items: certItems('local'),
          },
        },
      ],
    },
  };
}

/** The agents read peers through KVStoreMesh when it runs, else straight from the peers' etcd. */
function agentHostAliases(ctx: RenderContext) {
  const kvstoremesh =
    truthy(ctx.at('clustermesh.useAPIServer')) &&
    truthy(ctx.at('clustermesh.apiserver.kvstoremesh.enabled'));
  const disabled =
    ctx.minor >= 20 &&
    truthy(ctx.at('clustermesh.disableKubernetesHostAliases'));
  if (
    !truthy(ctx.at('clustermesh.config.enabled')) ||
    kvstoremesh ||
    disabled
  ) {
    return {};
  }
  const aliases = peerHostAliases(ctx);
  return aliases.length > 0 ? { hostAliases: aliases } : {};
}

export function agentDaemonSet(ctx: RenderContext): KubeObject {
  const name = goPrint(ctx.at('name')) || 'cilium';
  const labels = {
    'k8s-app': 'cilium',
    'app.kubernetes.io/part-of': 'cilium',
    'app.kubernetes.io/name': 'cilium-agent',
    ...chartLabels(ctx),
  };
  const prometheus = truthy(ctx.at('prometheus.enabled'));
  const ports = [
    port('health', ctx.at('healthPort')),
    ...(truthy(ctx.at('hubble.enabled'))
      ? [port('peer-service', ctx.at('hubble.peerService.targetPort'))]
      : []),
    ...(prometheus ? [port('prometheus', ctx.at('prometheus.port'))] : []),
    ...(truthy(ctx.at('hubble.metrics.enabled'))
      ? [port('hubble-metrics', ctx.at('hubble.metrics.port'))]
      : []),
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: objectMeta(ctx, name, labels),
    spec: {
      selector: { matchLabels: { 'k8s-app': 'cilium' } },
      updateStrategy: ctx.at('updateStrategy'),
      template: {
        metadata: {
          annotations: {
            ...(prometheus
              ? {
                  'prometheus.io/port': goPrint(ctx.at('prometheus.port')),
                  'prometheus.io/scrape': 'true',
                }
              : {}),
            'kubectl.kubernetes.io/default-container': 'cilium-agent',
          },
          labels,
        },
        spec: {
          containers: [
            {
              name: 'cilium-agent',
              image: imageOf(ctx, 'image'),
              imagePullPolicy: 'IfNotPresent',
              command: ['cilium-agent'],
              args: [CONFIG_DIR_ARG],
              env: [
                ...FIELD_ENV,
                {
                  name: 'CILIUM_CLUSTERMESH_CONFIG',
                  value: '/var/lib/cilium/clustermesh/',
                },
                ...apiServerEnv(ctx),
              ],
              ports,
              terminationMessagePolicy: 'FallbackToLogsOnError',
              volumeMounts: [
                {
                  name: 'clustermesh-secrets',
                  mountPath: '/var/lib/cilium/clustermesh',
                  readOnly: true,
                },
              ],
            },
          ],
          restartPolicy: 'Always',
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'cilium',
          automountServiceAccountToken: true,
          terminationGracePeriodSeconds: 1,
          hostNetwork: true,
          tolerations: ctx.at('tolerations'),
          ...agentHostAliases(ctx),
          volumes: [clustermeshSecretsVolume()],
        },
      },
    },
  };
}

function operatorCloud(ctx: RenderContext): string {
  if (truthy(ctx.at('eni.enabled'))) return 'aws';
  if (truthy(ctx.at('azure.enabled'))) return 'azure';
  if (truthy(ctx.at('alibabacloud.enabled'))) return 'alibabacloud';
  return 'generic';
}

function operatorHostAliases(ctx: RenderContext) {
  const mesh = (path: string) => truthy(ctx.at(`clustermesh.${path}`));
  let syncsEndpoints = mesh('enableEndpointSliceSynchronization');
  if (ctx.minor >= 19) {
    syncsEndpoints =
      syncsEndpoints ||
      mesh('mcsapi.enabled') ||
      (ctx.minor < 20 && mesh('enableMCSAPISupport'));
  }
  const kvstoremesh =
    mesh('useAPIServer') && mesh('apiserver.kvstoremesh.enabled');
  const disabled = ctx.minor >= 20 && mesh('disableKubernetesHostAliases');
  if (!syncsEndpoints || !mesh('config.enabled') || kvstoremesh || disabled) {
    return {};
  }
  const aliases = peerHostAliases(ctx);
  return aliases.length > 0 ? { hostAliases: aliases } : {};
}

export function operatorDeployment(ctx: RenderContext): KubeObject {
  const cloud = operatorCloud(ctx);
  const selector = { 'io.cilium/app': 'operator', name: 'cilium-operator' };
  const labels = {
    ...selector,
    'app.kubernetes.io/part-of': 'cilium',
    'app.kubernetes.io/name': 'cilium-operator',
    ...chartLabels(ctx),
  };
  const hostNetwork = truthy(ctx.at('operator.hostNetwork'));
  const prometheus = truthy(ctx.at('operator.prometheus.enabled'));
  const replicas = Number(ctx.at('operator.replicas'));
  const strategy =
    replicas === 1 &&
    goPrint(ctx.at('operator.updateStrategy.type')) === 'RollingUpdate'
      ? {
          rollingUpdate: {
            maxSurge: ctx.at('operator.updateStrategy.rollingUpdate.maxSurge'),
            maxUnavailable: '100%',
          },
          type: 'RollingUpdate',
        }
      : ctx.at('operator.updateStrategy');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(ctx, 'cilium-operator', labels),
    spec: {
      replicas,
      selector: { matchLabels: selector },
      strategy,
      template: {
        metadata: {
          ...(prometheus
            ? {
                annotations: {
                  'prometheus.io/port': goPrint(
                    ctx.at('operator.prometheus.port'),
                  ),
                  'prometheus.io/scrape': 'true',
                },
              }
            : {}),
          labels,
        },
        spec: {
          containers: [
            {
              name: 'cilium-operator',
              image: imageOf(
                ctx,
                'operator.image',
                `-${cloud}${goPrint(ctx.at('operator.image.suffix'))}`,
              ),
              imagePullPolicy: 'IfNotPresent',
              command: [`cilium-operator-${cloud}`],
              args: [CONFIG_DIR_ARG, '--debug=$(CILIUM_DEBUG)'],
              env: [
                ...FIELD_ENV,
                {
                  name: 'CILIUM_DEBUG',
                  valueFrom: {
                    configMapKeyRef: {
                      key: 'debug',
                      name: 'cilium-config',
                      optional: true,
                    },
                  },
                },
                ...apiServerEnv(ctx),
              ],
              ports: [
                port('health', 9234, hostNetwork),
                ...(prometheus
                  ? [
                      port(
                        'prometheus',
                        ctx.at('operator.prometheus.port'),
                        hostNetwork,
                      ),
                    ]
                  : []),
              ],
              terminationMessagePolicy: 'FallbackToLogsOnError',
            },
          ],
          hostNetwork,
          restartPolicy: 'Always',
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'cilium-operator',
          automountServiceAccountToken: true,
          tolerations: ctx.at('operator.tolerations'),
          ...operatorHostAliases(ctx),
        },
      },
    },
  };
}
