import { Values } from '../../helm/values';
import { SiteName } from './sites';
import { goPrint, isMap, kubeProxyReplacementValue, truthy } from './values';

export interface Context {
  chartVersion: string;
  minor: number;
  values: Values;
  at: (path: string) => unknown;
}

/** One `fail` in a template: when it fires and what it says. */
export interface FailCall {
  site: SiteName;
  since?: number;
  when: (ctx: Context) => boolean;
  message: string | ((ctx: Context) => string);
}

const CLUSTER_NAME = /^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/;
const UPGRADE_DOCS = (version: string) =>
  `For details please refer to https://docs.cilium.io/en/v${version}/operations/upgrade/#helm-options`;
const SKIP_HINT =
  ". Configure 'upgradeCompatibility' to 1.15 or earlier to temporarily skip this check at your own risk";

const goInt = (value: unknown) => Math.trunc(Number(value)) || 0;
/** `required` refuses nil and the empty string only. */
export const missing = (value: unknown) =>
  value === undefined || value === null || value === '';

function identityAllocationCRD(ctx: Context): boolean {
  return ['crd', 'doublewrite-readkvstore', 'doublewrite-readcrd'].includes(
    goPrint(ctx.at('identityAllocationMode')),
  );
}

/** `semverCompare ">=1.16" (default "1.16" .Values.upgradeCompatibility)` */
function strictNames(ctx: Context): boolean {
  if (ctx.minor >= 19) return true;
  const compatibility = goPrint(ctx.at('upgradeCompatibility')) || '1.16';
  const [major, minor] = compatibility.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 16);
}

function nameMessage(ctx: Context, text: string): string {
  return ctx.minor >= 19 ? text : `${text}${SKIP_HINT}`;
}

/** templates/validate.yaml, in each version's line order. */
export const VALIDATE_YAML: FailCall[] = [
  {
    site: 'enableCiliumEndpointSlice',
    since: 19,
    when: ctx => truthy(ctx.at('enableCiliumEndpointSlice')),
    message: `enableCiliumEndpointSlice was deprecated in v1.16 and has been removed in v1.18. ${UPGRADE_DOCS(
      '1.18',
    )}`,
  },
  {
    site: 'sliceMode',
    since: 19,
    when: ctx => truthy(ctx.at('ciliumEndpointSlice.sliceMode')),
    message: `ciliumEndpointSlice.sliceMode has been removed in v1.18. ${UPGRADE_DOCS(
      '1.18',
    )}`,
  },
  {
    site: 'encryptionKeyFile',
    when: ctx =>
      ['keyFile', 'mountPath', 'secretName', 'interface'].some(key =>
        truthy(ctx.at(`encryption.${key}`)),
      ),
    message: `encryption.{keyFile,mountPath,secretName,interface} were deprecated in v1.14 and has been removed in v1.16. ${UPGRADE_DOCS(
      '1.16',
    )}`,
  },
  {
    // `toString` of a present `false` is "false", which is true: any value fails.
    site: 'proxyPrometheus',
    when: ctx =>
      ctx.at('proxy.prometheus.enabled') !== undefined ||
      truthy(ctx.at('proxy.prometheus.port')),
    message: `proxy.prometheus.enabled and proxy.prometheus.port were deprecated in v1.14 and has been removed in v1.16. ${UPGRADE_DOCS(
      '1.16',
    )}`,
  },
  {
    site: 'endpointStatus',
    when: ctx => truthy(ctx.at('endpointStatus')),
    message: `endpointStatus has been removed in v1.16. ${UPGRADE_DOCS(
      '1.16',
    )}`,
  },
  {
    site: 'remoteNodeIdentity',
    when: ctx => truthy(ctx.at('remoteNodeIdentity')),
    message: `remoteNodeIdentity was deprecated in v1.15 and has been removed in v1.16. ${UPGRADE_DOCS(
      '1.16',
    )}`,
  },
  {
    site: 'containerRuntime',
    when: ctx => truthy(ctx.at('containerRuntime.integration')),
    message: `containerRuntime.integration was deprecated in v1.14 and has been removed in v1.16. ${UPGRADE_DOCS(
      '1.16',
    )}`,
  },
  {
    site: 'etcdManaged',
    when: ctx => truthy(ctx.at('etcd.managed')),
    message: `etcd.managed was deprecated in v1.10 has been removed in v1.16. ${UPGRADE_DOCS(
      '1.16',
    )}`,
  },
  {
    site: 'tunnel',
    when: ctx => truthy(ctx.at('tunnel')),
    message: `tunnel was deprecated in v1.14 and has been removed in v1.15. ${UPGRADE_DOCS(
      '1.15',
    )}`,
  },
  {
    site: 'apiserverTlsCa',
    when: ctx =>
      truthy(ctx.at('clustermesh.apiserver.tls.ca.cert')) ||
      truthy(ctx.at('clustermesh.apiserver.tls.ca.key')),
    message: `clustermesh.apiserver.tls.ca.cert and clustermesh.apiserver.tls.ca.key were deprecated in v1.14 and has been removed in v1.15. ${UPGRADE_DOCS(
      '1.15',
    )}`,
  },
  {
    site: 'k8sEventHandover',
    when: ctx => truthy(ctx.at('enableK8sEventHandover')),
    message: `enableK8sEventHandover was deprecated in v1.14 and has been removed in v1.15. ${UPGRADE_DOCS(
      '1.15',
    )}`,
  },
  {
    site: 'cnpStatusUpdates',
    when: ctx => truthy(ctx.at('enableCnpStatusUpdates')),
    message: `enableCnpStatusUpdates was deprecated in v1.14 and has been removed in v1.15. ${UPGRADE_DOCS(
      '1.15',
    )}`,
  },
  {
    site: 'k8sServiceHostRef',
    since: 19,
    when: ctx =>
      truthy(ctx.at('k8sServiceHostRef.name')) &&
      truthy(ctx.at('k8sServiceHostRef.key')) &&
      truthy(ctx.at('k8sServiceHost')),
    message:
      'Both k8sServiceHostRef and k8sServiceHost are set. Please set only one of them.',
  },
  {
    site: 'hubbleUiRelay',
    when: ctx =>
      truthy(ctx.at('hubble.ui.enabled')) &&
      !truthy(ctx.at('hubble.ui.standalone.enabled')) &&
      !truthy(ctx.at('hubble.relay.enabled')),
    message: 'Hubble UI requires .Values.hubble.relay.enabled=true',
  },
  {
    site: 'hubbleRelayHubble',
    when: ctx =>
      truthy(ctx.at('hubble.relay.enabled')) &&
      !truthy(ctx.at('hubble.enabled')),
    message: 'Hubble Relay requires .Values.hubble.enabled=true',
  },
  {
    site: 'nameEmpty',
    when: ctx => goPrint(ctx.at('cluster.name')) === '',
    message: 'The cluster name is invalid: cannot be empty',
  },
  {
    site: 'nameLength',
    when: ctx =>
      strictNames(ctx) && goPrint(ctx.at('cluster.name')).length > 32,
    message: ctx =>
      nameMessage(
        ctx,
        'The cluster name is invalid: must not be more than 32 characters',
      ),
  },
  {
    site: 'nameFormat',
    when: ctx =>
      strictNames(ctx) && !CLUSTER_NAME.test(goPrint(ctx.at('cluster.name'))),
    message: ctx =>
      nameMessage(
        ctx,
        "The cluster name is invalid: must consist of lower case alphanumeric characters and '-', and must start and end with an alphanumeric character",
      ),
  },
  {
    site: 'nameDefault',
    when: ctx =>
      goPrint(ctx.at('cluster.name')) === 'default' &&
      goInt(ctx.at('cluster.id')) !== 0,
    message:
      'The cluster name is invalid: cannot use default value with cluster.id != 0',
  },
  {
    site: 'kvstoreMode',
    since: 19,
    when: ctx =>
      !['internal', 'external'].includes(
        goPrint(ctx.at('clustermesh.apiserver.kvstoremesh.kvstoreMode')),
      ),
    message:
      '.Values.clustermesh.apiserver.kvstoremesh.kvstoreMode must have the value of external or internal',
  },
  {
    site: 'identityMode116',
    when: ctx =>
      ctx.minor < 19 &&
      truthy(ctx.at('clustermesh.useAPIServer')) &&
      goPrint(ctx.at('identityAllocationMode')) !== 'crd',
    message: ctx =>
      `The clustermesh-apiserver cannot be enabled in combination with .Values.identityAllocationMode=${goPrint(
        ctx.at('identityAllocationMode'),
      )}. To establish a Cluster Mesh, directly configure the parameters to access the remote kvstore through .Values.clustermesh.config`,
  },
  {
    site: 'disableEndpointCRD',
    when: ctx =>
      truthy(ctx.at('clustermesh.useAPIServer')) &&
      (ctx.minor < 19 || identityAllocationCRD(ctx)) &&
      truthy(ctx.at('disableEndpointCRD')),
    message:
      'The clustermesh-apiserver cannot be enabled in combination with .Values.disableEndpointCRD=true',
  },
  {
    site: 'kvstoremeshDisabled',
    since: 19,
    when: ctx =>
      truthy(ctx.at('clustermesh.useAPIServer')) &&
      !identityAllocationCRD(ctx) &&
      !truthy(ctx.at('clustermesh.apiserver.kvstoremesh.enabled')),
    message: ctx =>
      `The kvstoremesh container cannot be disabled in combination with .Values.identityAllocationMode=${goPrint(
        ctx.at('identityAllocationMode'),
      )}. To establish a Cluster Mesh, directly configure the parameters to access the remote kvstores through .Values.clustermesh.config`,
  },
  ...externalKvstoreChecks(),
  {
    site: 'tlsValues',
    since: 20,
    when: ctx =>
      truthy(ctx.at('clustermesh.useAPIServer')) &&
      !truthy(ctx.at('clustermesh.apiserver.tls.auto.enabled')) &&
      ['server', 'admin', 'remote'].some(role =>
        truthy(ctx.at(`clustermesh.apiserver.tls.${role}.cert`)),
      ),
    message:
      'The support for providing Cluster Mesh certs and keys as helm values has been removed. You must enable auto-generation or pre-create the corresponding secrets',
  },
  {
    site: 'maxConnected',
    when: ctx =>
      ![255, 511].includes(goInt(ctx.at('clustermesh.maxConnectedClusters'))),
    message: 'max-connected-clusters must be set to 255 or 511',
  },
];

function externalKvstoreChecks(): FailCall[] {
  const external = (ctx: Context) =>
    goPrint(ctx.at('clustermesh.apiserver.kvstoremesh.kvstoreMode')) ===
    'external';
  return [
    {
      site: 'externalNeedsApiserver',
      since: 19,
      when: ctx => external(ctx) && !truthy(ctx.at('clustermesh.useAPIServer')),
      message:
        'kvstoremesh.kvstoreMode=external can only be used with clustermesh.useAPIServer=true',
    },
    {
      site: 'externalNeedsKvstoremesh',
      since: 19,
      when: ctx =>
        external(ctx) &&
        !truthy(ctx.at('clustermesh.apiserver.kvstoremesh.enabled')),
      message:
        'kvstoremesh.kvstoreMode=external can only be used with kvstoremesh.enabled=true',
    },
    {
      site: 'externalSingleReplica',
      since: 19,
      when: ctx =>
        external(ctx) &&
        goPrint(ctx.at('clustermesh.apiserver.replicas')) !== '1',
      message:
        'Only single clustermesh-apiserver replica is allowed when kvstoreMode=external',
    },
    {
      site: 'externalIdentityMode',
      since: 19,
      when: ctx =>
        external(ctx) &&
        !['kvstore', 'doublewrite-readkvstore', 'doublewrite-readcrd'].includes(
          goPrint(ctx.at('identityAllocationMode')),
        ),
      message: ctx =>
        `KVStoreMesh with external etcd cannot be enabled in combination with .Values.identityAllocationMode=${goPrint(
          ctx.at('identityAllocationMode'),
        )}`,
    },
  ];
}

function ipamMode(ctx: Context): string {
  if (ctx.minor >= 20 && truthy(ctx.at('eni.enabled'))) return 'eni';
  return goPrint(ctx.at('ipam.mode')) || 'cluster-pool';
}

/** templates/cilium-configmap.yaml, in line order. */
export const CILIUM_CONFIGMAP: FailCall[] = [
  {
    site: 'kpr',
    when: ctx =>
      !['true', 'false'].includes(kubeProxyReplacementValue(ctx.values)),
    message:
      'kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.',
  },
  {
    site: 'gkeRouting',
    when: ctx =>
      truthy(ctx.at('gke.enabled')) &&
      (goPrint(ctx.at('routingMode')) || 'native') !== 'native',
    message: 'RoutingMode must be set to native when gke.enabled=true',
  },
  {
    site: 'aksRouting',
    when: ctx =>
      !truthy(ctx.at('gke.enabled')) &&
      truthy(ctx.at('aksbyocni.enabled')) &&
      (goPrint(ctx.at('routingMode')) || 'tunnel') !== 'tunnel',
    message: 'RoutingMode must be set to tunnel when aksbyocni.enabled=true',
  },
  {
    site: 'nativeV4',
    since: 19,
    when: ctx =>
      goPrint(ctx.at('routingMode')) === 'native' &&
      truthy(ctx.at('ipv4.enabled')) &&
      truthy(ctx.at('enableIPv4Masquerade')) &&
      !truthy(ctx.at('ipMasqAgent.enabled')) &&
      !['eni', 'alibabacloud'].includes(ipamMode(ctx)) &&
      !truthy(ctx.at('ipv4NativeRoutingCIDR')) &&
      !(
        ctx.minor >= 20 &&
        ipamMode(ctx) === 'cluster-pool' &&
        truthy(ctx.at('nativeRoutingCIDRFromClusterPool'))
      ),
    message: ' ipv4NativeRoutingCIDR must be set when routingMode is native',
  },
  {
    site: 'nativeV6',
    since: 19,
    when: ctx =>
      goPrint(ctx.at('routingMode')) === 'native' &&
      truthy(ctx.at('ipv6.enabled')) &&
      truthy(ctx.at('enableIPv6Masquerade')) &&
      !truthy(ctx.at('ipMasqAgent.enabled')) &&
      !truthy(ctx.at('ipv6NativeRoutingCIDR')) &&
      !(
        ctx.minor >= 20 &&
        ipamMode(ctx) === 'cluster-pool' &&
        truthy(ctx.at('nativeRoutingCIDRFromClusterPool'))
      ),
    message: 'ipv6NativeRoutingCIDR must be set when routingMode is native',
  },
  {
    site: 'podCidrRemoved',
    when: ctx =>
      ctx.minor < 19 &&
      ipamMode(ctx) === 'cluster-pool' &&
      truthy(ctx.at('ipv4.enabled')) &&
      isMap(ctx.at('ipam.operator')) &&
      Object.hasOwn(
        ctx.at('ipam.operator') as Values,
        'clusterPoolIPv4PodCIDR',
      ),
    message:
      'Value ipam.operator.clusterPoolIPv4PodCIDR removed, use ipam.operator.clusterPoolIPv4PodCIDRList instead',
  },
];
