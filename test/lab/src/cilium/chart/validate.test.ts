import { Values } from '../../helm/values';
import { agentConfigError, ciliumTemplateError } from './validate';
import { settingsFromValues } from './values';

const NAME_REGEX_MESSAGE =
  "The cluster name is invalid: must consist of lower case alphanumeric characters and '-', and must start and end with an alphanumeric character";
const SKIP_HINT =
  ". Configure 'upgradeCompatibility' to 1.15 or earlier to temporarily skip this check at your own risk";

const named = (values: Values = {}): Values => ({
  cluster: { name: 'cluster1', id: 1 },
  ...values,
});

describe('the chart templates refuse', () => {
  it.each<[string, string, Values, string]>([
    [
      'an empty cluster name',
      '1.20.0',
      { cluster: { name: '', id: 1 } },
      'execution error at (cilium/templates/validate.yaml:153:5): The cluster name is invalid: cannot be empty',
    ],
    [
      'a name longer than 32 characters',
      '1.19.6',
      { cluster: { name: 'a'.repeat(33), id: 1 } },
      'execution error at (cilium/templates/validate.yaml:156:5): The cluster name is invalid: must not be more than 32 characters',
    ],
    [
      'a name longer than 32 characters (1.16 wording)',
      '1.16.19',
      { cluster: { name: 'a'.repeat(33), id: 1 } },
      `execution error at (cilium/templates/validate.yaml:144:5): The cluster name is invalid: must not be more than 32 characters${SKIP_HINT}`,
    ],
    [
      'upper case in the name',
      '1.20.0',
      { cluster: { name: 'Cluster1', id: 1 } },
      `execution error at (cilium/templates/validate.yaml:159:5): ${NAME_REGEX_MESSAGE}`,
    ],
    [
      'a trailing dash',
      '1.16.19',
      { cluster: { name: 'cluster-', id: 1 } },
      `execution error at (cilium/templates/validate.yaml:147:5): ${NAME_REGEX_MESSAGE}${SKIP_HINT}`,
    ],
    [
      'the default name with a cluster ID',
      '1.20.0',
      { cluster: { id: 3 } },
      'execution error at (cilium/templates/validate.yaml:162:5): The cluster name is invalid: cannot use default value with cluster.id != 0',
    ],
    [
      'maxConnectedClusters other than 255 or 511',
      '1.20.0',
      named({ clustermesh: { maxConnectedClusters: 256 } }),
      'execution error at (cilium/templates/validate.yaml:219:6): max-connected-clusters must be set to 255 or 511',
    ],
    [
      'kubeProxyReplacement strict',
      '1.20.0',
      named({ kubeProxyReplacement: 'strict' }),
      'execution error at (cilium/templates/cilium-configmap.yaml:79:5): kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.',
    ],
    [
      'kubeProxyReplacement partial',
      '1.16.19',
      named({ kubeProxyReplacement: 'partial' }),
      'execution error at (cilium/templates/cilium-configmap.yaml:71:5): kubeProxyReplacement must be explicitly set to a valid value (true or false) to continue.',
    ],
    [
      'native routing with AKS BYOCNI',
      '1.19.6',
      named({ aksbyocni: { enabled: true }, routingMode: 'native' }),
      'execution error at (cilium/templates/cilium-configmap.yaml:536:8): RoutingMode must be set to tunnel when aksbyocni.enabled=true',
    ],
    [
      'a peer with neither ips nor address (KVStoreMesh renders first)',
      '1.20.0',
      named({
        clustermesh: {
          useAPIServer: true,
          config: { enabled: true, clusters: { cluster2: { port: 2379 } } },
        },
      }),
      'execution error at (cilium/templates/clustermesh-config/kvstoremesh-secret.yaml:19:18): missing clustermesh.apiserver.config.clusters.address',
    ],
    [
      'a peer with neither ips nor address (agents dial it)',
      '1.16.19',
      named({
        clustermesh: {
          config: {
            enabled: true,
            clusters: [{ name: 'cluster2', port: 2379 }],
          },
        },
      }),
      'execution error at (cilium/templates/clustermesh-config/clustermesh-secret.yaml:16:18): missing clustermesh.apiserver.config.clusters.address',
    ],
    [
      'a list entry without a name',
      '1.19.6',
      named({
        clustermesh: {
          config: {
            enabled: true,
            clusters: [{ ips: ['10.0.0.1'], port: 2379 }],
          },
        },
      }),
      'template: cilium/templates/clustermesh-config/clustermesh-secret.yaml:21:13: executing "cilium/templates/clustermesh-config/clustermesh-secret.yaml" at <include "clustermesh-clusters" .>: error calling include: template: cilium/templates/clustermesh-config/_helpers.tpl:61:30: executing "clustermesh-clusters" at <$cluster.name>: wrong type for value; expected string; got interface {}',
    ],
    [
      'an unknown authMode',
      '1.20.0',
      named({
        clustermesh: {
          useAPIServer: true,
          apiserver: { tls: { authMode: 'peer' } },
        },
      }),
      'execution error at (cilium/templates/clustermesh-apiserver/deployment.yaml:3:4): .Values.clustermesh.apiserver.tls.authMode must be one of legacy, migration, cluster',
    ],
    [
      'Hubble UI without Relay',
      '1.20.0',
      named({ hubble: { ui: { enabled: true } } }),
      'execution error at (cilium/templates/validate.yaml:61:7): Hubble UI requires .Values.hubble.relay.enabled=true',
    ],
    [
      'the removed tunnel option',
      '1.16.19',
      named({ tunnel: 'vxlan' }),
      'execution error at (cilium/templates/validate.yaml:33:5): tunnel was deprecated in v1.14 and has been removed in v1.15. For details please refer to https://docs.cilium.io/en/v1.15/operations/upgrade/#helm-options',
    ],
    [
      'a tls.ca.cert that is not base64',
      '1.20.0',
      named({
        tls: { ca: { cert: '-----BEGIN CERTIFICATE-----', key: 'a2V5' } },
      }),
      'template: cilium/templates/hubble/tls-helm/server-secret.yaml:2:10: executing "cilium/templates/hubble/tls-helm/server-secret.yaml" at <include "cilium.ca.setup" .>: error calling include: template: cilium/templates/_helpers.tpl:77:16: executing "cilium.ca.setup" at <buildCustomCert $crt $key>: error calling buildCustomCert: unable to decode base64 certificate',
    ],
  ])('%s (%s)', (_case, version, values, message) => {
    expect(ciliumTemplateError(version, values)).toBe(message);
  });

  it('reports the first failure in the order Helm renders templates', () => {
    expect(
      ciliumTemplateError('1.20.0', {
        cluster: { name: 'Bad', id: 1 },
        kubeProxyReplacement: 'strict',
      }),
    ).toContain('validate.yaml:159:5');
  });
});

describe('the chart templates accept', () => {
  it.each<[string, string, Values]>([
    [
      'the seed values',
      '1.16.19',
      named({
        aksbyocni: { enabled: true },
        nodeinit: { enabled: true },
        kubeProxyReplacement: 'true',
        k8sServicePort: 443,
        hubble: { relay: { enabled: true }, ui: { enabled: true } },
        azure: { resourceGroup: 'rg' },
      }),
    ],
    ['the chart defaults (name default, id 0)', '1.20.0', {}],
    [
      'kubeProxyReplacement as a boolean',
      '1.19.6',
      named({ kubeProxyReplacement: true }),
    ],
    [
      'maxConnectedClusters 511 with id 511',
      '1.20.0',
      {
        cluster: { name: 'c511', id: 511 },
        clustermesh: { maxConnectedClusters: 511 },
      },
    ],
    // The chart never checks the ID range; the agent does (agentConfigError).
    [
      'cluster ID 300 with 255 clusters',
      '1.20.0',
      { cluster: { name: 'c300', id: 300 } },
    ],
    [
      'a name of exactly 32 characters',
      '1.20.0',
      { cluster: { name: 'a'.repeat(32), id: 1 } },
    ],
    [
      'a long name when upgradeCompatibility is 1.15',
      '1.16.19',
      { cluster: { name: 'A_long_name', id: 1 }, upgradeCompatibility: '1.15' },
    ],
    [
      'a disabled peer without endpoints',
      '1.19.6',
      named({
        clustermesh: {
          config: { enabled: true, clusters: { x: { enabled: false } } },
        },
      }),
    ],
  ])('%s (%s)', (_case, version, values) => {
    expect(ciliumTemplateError(version, values)).toBeUndefined();
  });
});

describe('what only the agent refuses', () => {
  it.each<[number, 255 | 511, string | undefined]>([
    [255, 255, undefined],
    [256, 255, 'invalid cluster id 256: must be in range 0..255'],
    [511, 511, undefined],
    [512, 511, 'invalid cluster id 512: must be in range 0..511'],
  ])('cluster ID %i with maxConnectedClusters %i', (id, max, error) => {
    const settings = settingsFromValues(
      '1.20.0',
      {
        cluster: { name: 'c', id },
        clustermesh: { maxConnectedClusters: max },
      },
      'cilium',
      'kube-system',
    );
    expect(agentConfigError(settings)).toBe(error);
  });
});
