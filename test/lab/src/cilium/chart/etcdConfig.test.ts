import { Values } from '../../helm/values';
import { etcdConfigYaml } from './etcdConfig';
import { renderContext } from './metadata';
import { effectiveValues } from './values';

const ctxFor = (version: string, values: Values = {}) =>
  renderContext(
    version,
    effectiveValues(version, values),
    { name: 'cilium', namespace: 'kube-system' },
    'kube-system',
  );

const REMOTE_FILES = [
  'trusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt',
  'key-file: /var/lib/cilium/clustermesh/common-etcd-client.key',
  'cert-file: /var/lib/cilium/clustermesh/common-etcd-client.crt',
];

describe('the etcd config of a peer', () => {
  it.each<[string, string, Values, string, string[], string?]>([
    [
      'ips on 1.19 carry no cilium-host-aliases yet',
      '1.19.6',
      { name: 'c2', ips: ['10.0.0.1'], port: 2379 },
      '',
      ['endpoints:', '- https://c2.mesh.cilium.io:2379', ...REMOTE_FILES],
    ],
    [
      'an address and no port leaves the port empty',
      '1.20.0',
      { name: 'c2', address: 'c2.example.com' },
      '',
      ['endpoints:', '- https://c2.example.com:', ...REMOTE_FILES],
    ],
    [
      'the agents behind KVStoreMesh on 1.16 still use the remote certificate',
      '1.16.19',
      { name: 'c2', ips: ['10.0.0.1'], port: 2379 },
      'https://clustermesh-apiserver.kube-system.svc:2379',
      [
        'endpoints:',
        '- https://clustermesh-apiserver.kube-system.svc:2379',
        ...REMOTE_FILES,
      ],
    ],
    [
      'a peer with its own client certificate (deprecated tls)',
      '1.20.0',
      {
        name: 'c2',
        address: 'c2.example.com',
        port: 2379,
        tls: { cert: 'Y2VydA==', key: 'a2V5', caCert: 'Y2E=' },
      },
      '',
      [
        'endpoints:',
        '- https://c2.example.com:2379',
        'trusted-ca-file: /var/lib/cilium/clustermesh/c2.etcd-client-ca.crt',
        'key-file: /var/lib/cilium/clustermesh/c2.etcd-client.key',
        'cert-file: /var/lib/cilium/clustermesh/c2.etcd-client.crt',
      ],
    ],
    [
      'several ips in the 1.20 host aliases, with a custom domain',
      '1.20.0',
      { name: 'c2', ips: ['10.0.0.1', '10.0.0.2'], port: 2379 },
      '',
      [
        'endpoints:',
        '- https://c2.mesh.example:2379',
        ...REMOTE_FILES,
        'cilium-host-aliases:',
        '- hostname: c2.mesh.example',
        '  ips: ',
        '    - 10.0.0.1',
        '    - 10.0.0.2',
      ],
      'mesh.example',
    ],
  ])(
    '%s',
    (_case, version, cluster, override, lines, domain = 'mesh.cilium.io') => {
      const ctx = ctxFor(version, { clustermesh: { config: { domain } } });
      expect(etcdConfigYaml(ctx, cluster, override)).toBe(lines.join('\n'));
    },
  );
});
