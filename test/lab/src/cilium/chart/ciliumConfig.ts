import { KubeObject } from '../../kube/types';
import { commonLabels, objectMeta, RenderContext } from './metadata';
import { goPrint, kubeProxyReplacementValue, truthy } from './values';

function ipamOf(ctx: RenderContext): string {
  if (ctx.minor >= 20 && truthy(ctx.at('eni.enabled'))) return 'eni';
  return goPrint(ctx.at('ipam.mode')) || 'cluster-pool';
}

function routingKeys(ctx: RenderContext): Record<string, string> {
  const routingMode = goPrint(ctx.at('routingMode'));
  const tunnelProtocol = goPrint(ctx.at('tunnelProtocol'));
  const gke = truthy(ctx.at('gke.enabled'));
  const keys: Record<string, string> = gke
    ? { 'enable-endpoint-routes': 'true' }
    : {};
  if (ctx.minor >= 19) {
    const native = gke || truthy(ctx.at('eni.enabled'));
    keys['routing-mode'] = routingMode || (native ? 'native' : 'tunnel');
    keys['tunnel-protocol'] = tunnelProtocol || 'vxlan';
    return keys;
  }
  if (gke) {
    keys['routing-mode'] = 'native';
  } else if (truthy(ctx.at('aksbyocni.enabled'))) {
    Object.assign(keys, {
      'routing-mode': 'tunnel',
      'tunnel-protocol': 'vxlan',
    });
  } else if (routingMode) {
    keys['routing-mode'] = routingMode;
  } else {
    Object.assign(keys, {
      'routing-mode': 'tunnel',
      'tunnel-protocol': 'vxlan',
    });
  }
  if (tunnelProtocol) keys['tunnel-protocol'] = tunnelProtocol;
  return keys;
}

function ipamKeys(ctx: RenderContext): Record<string, string> {
  const keys: Record<string, string> = {};
  const ipam = ipamOf(ctx);
  const mode = goPrint(ctx.at('ipam.mode'));
  if (!truthy(ctx.at('aksbyocni.enabled'))) {
    keys.ipam = ipam;
  } else if (ctx.minor < 19 || !mode || mode === 'cluster-pool') {
    keys.ipam = 'cluster-pool';
  } else if (mode === 'multi-pool') {
    keys.ipam = 'multi-pool';
  }
  if (ipam !== 'cluster-pool') return keys;
  for (const family of ['4', '6']) {
    if (!truthy(ctx.at(`ipv${family}.enabled`))) continue;
    const list = ctx.at(`ipam.operator.clusterPoolIPv${family}PodCIDRList`);
    keys[`cluster-pool-ipv${family}-cidr`] = Array.isArray(list)
      ? list.map(goPrint).join(' ')
      : goPrint(list);
    keys[`cluster-pool-ipv${family}-mask-size`] = goPrint(
      ctx.at(`ipam.operator.clusterPoolIPv${family}MaskSize`),
    );
  }
  return keys;
}

function clustermeshKeys(ctx: RenderContext): Record<string, string> {
  const mesh = (path: string) => ctx.at(`clustermesh.${path}`);
  const keys: Record<string, string> = {};
  if (mesh('maxConnectedClusters') !== undefined) {
    keys['max-connected-clusters'] = goPrint(mesh('maxConnectedClusters'));
  }
  if (ctx.minor >= 19)
    keys['clustermesh-cache-ttl'] = goPrint(mesh('cacheTTL'));
  keys['clustermesh-enable-endpoint-sync'] = goPrint(
    mesh('enableEndpointSliceSynchronization'),
  );
  let mcsApi = mesh('enableMCSAPISupport');
  if (ctx.minor >= 20) mcsApi = mesh('mcsapi.enabled');
  else if (ctx.minor >= 19) {
    mcsApi = truthy(mesh('mcsapi.enabled'))
      ? mesh('mcsapi.enabled')
      : mesh('enableMCSAPISupport');
  }
  keys['clustermesh-enable-mcs-api'] = goPrint(mcsApi);
  if (ctx.minor >= 19) {
    keys['clustermesh-mcs-api-install-crds'] = goPrint(
      mesh('mcsapi.installCRDs'),
    );
  }
  if (ctx.minor >= 20) {
    keys['clustermesh-default-global-namespace'] = goPrint(
      mesh('defaultGlobalNamespace'),
    );
  }
  if (ctx.minor >= 19) {
    keys['policy-default-local-cluster'] = goPrint(
      mesh('policyDefaultLocalCluster'),
    );
  }
  return keys;
}

function masqueradeKeys(ctx: RenderContext): Record<string, string> {
  const v4 = ctx.at('enableIPv4Masquerade');
  let enableV4 = goPrint(v4);
  if (ctx.minor >= 19 && (v4 === undefined || v4 === null)) {
    enableV4 = truthy(ctx.at('eni.enabled')) ? 'false' : 'true';
  }
  const keys: Record<string, string> = {
    'enable-ipv4-masquerade': enableV4,
    'enable-ipv6-masquerade': goPrint(ctx.at('enableIPv6Masquerade')),
  };
  const bpfMasquerade = ctx.at('bpf.masquerade');
  if (bpfMasquerade !== undefined && bpfMasquerade !== null) {
    keys['enable-bpf-masquerade'] = goPrint(bpfMasquerade);
  }
  return keys;
}

/** The `cilium-config` keys the lab's readers (cilium-cli, status, the mesh runtime) look at. */
export function ciliumConfigData(ctx: RenderContext): Record<string, string> {
  const at = ctx.at;
  const kpr = kubeProxyReplacementValue(ctx.values);
  const data: Record<string, string> = {
    'identity-allocation-mode': goPrint(at('identityAllocationMode')),
  };
  if (at('policyEnforcementMode') !== undefined) {
    data['enable-policy'] = goPrint(at('policyEnforcementMode')).toLowerCase();
  }
  if (truthy(at('prometheus.enabled'))) {
    data['prometheus-serve-addr'] = `:${goPrint(at('prometheus.port'))}`;
  }
  if (truthy(at('operator.prometheus.enabled'))) {
    data['operator-prometheus-serve-addr'] = `:${goPrint(
      at('operator.prometheus.port'),
    )}`;
    data['enable-metrics'] = 'true';
  }
  Object.assign(data, {
    'enable-ipv4': goPrint(at('ipv4.enabled')),
    'enable-ipv6': goPrint(at('ipv6.enabled')),
    'cluster-name': goPrint(at('cluster.name')),
  });
  if (at('cluster.id') !== undefined)
    data['cluster-id'] = goPrint(at('cluster.id'));
  Object.assign(data, routingKeys(ctx), {
    'enable-l7-proxy': goPrint(at('l7Proxy')),
    ...masqueradeKeys(ctx),
    'kube-proxy-replacement': kpr,
  });
  if (ctx.minor < 19 || kpr === 'true') {
    data['kube-proxy-replacement-healthz-bind-address'] = goPrint(
      at('kubeProxyReplacementHealthzBindAddr'),
    );
  }
  data['enable-endpoint-health-checking'] = truthy(
    at('endpointHealthChecking.enabled'),
  )
    ? 'true'
    : 'false';
  if (at('healthChecking') !== undefined) {
    data['enable-health-checking'] = goPrint(at('healthChecking'));
  }
  data['enable-hubble'] = goPrint(at('hubble.enabled'));
  Object.assign(data, ipamKeys(ctx));
  if (ctx.minor < 19 && truthy(at('enableK8sEndpointSlice'))) {
    data['enable-k8s-endpoint-slice'] = goPrint(at('enableK8sEndpointSlice'));
  }
  return Object.assign(data, clustermeshKeys(ctx));
}

export function ciliumConfigMap(ctx: RenderContext): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(ctx, 'cilium-config', commonLabels(ctx)),
    data: ciliumConfigData(ctx),
  };
}
