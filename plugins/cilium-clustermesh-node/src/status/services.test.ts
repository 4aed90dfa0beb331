import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import {
  classifyServices,
  namespaceObservations,
  readyBackendsByService,
} from './services';

const service = (
  namespace: string,
  name: string,
  annotations?: Record<string, string>,
): V1Service => ({ metadata: { namespace, name, annotations } });

const slice = (
  namespace: string,
  name: string,
  labels: Record<string, string>,
  endpoints: V1EndpointSlice['endpoints'],
  addressType = 'IPv4',
): V1EndpointSlice => ({
  addressType,
  metadata: { namespace, name, labels },
  endpoints,
});

const pod = (name: string) => ({ kind: 'Pod', namespace: 'app', name });

describe('readyBackendsByService', () => {
  it("counts this cluster's ready endpoints once, without Cilium's mirrored slices", () => {
    const counts = readyBackendsByService([
      slice('app', 'web-v4', { 'kubernetes.io/service-name': 'web' }, [
        {
          addresses: ['10.1.0.5'],
          conditions: { ready: true },
          targetRef: pod('web-1'),
        },
        { addresses: ['10.1.0.6'], conditions: {}, targetRef: pod('web-2') },
        {
          addresses: ['10.1.0.7'],
          conditions: { ready: false },
          targetRef: pod('web-3'),
        },
      ]),
      slice(
        'app',
        'web-v6',
        { 'kubernetes.io/service-name': 'web' },
        [{ addresses: ['fd00::5'], targetRef: pod('web-1') }],
        'IPv6',
      ),
      slice(
        'app',
        'web-cluster2',
        {
          'kubernetes.io/service-name': 'web',
          'endpointslice.kubernetes.io/managed-by':
            'endpointslice-mesh-controller.cilium.io',
          'multicluster.kubernetes.io/source-cluster': 'cluster2',
        },
        [{ addresses: ['10.2.0.9'] }],
      ),
      slice('other', 'web-x', { 'kubernetes.io/service-name': 'web' }, [
        { addresses: ['10.1.9.9'] },
      ]),
      slice('app', 'orphan', {}, [{ addresses: ['10.1.0.99'] }]),
    ]);
    expect(counts).toEqual(
      new Map([
        ['app/web', 2],
        ['other/web', 1],
      ]),
    );
  });
});

describe('classifyServices', () => {
  it('reads modern and legacy annotations the way Cilium does', () => {
    const view = classifyServices(
      [
        service('app', 'plain'),
        service('app', 'modern', {
          'service.cilium.io/global': 'True',
          'service.cilium.io/shared': 'false',
          'service.cilium.io/affinity': 'Remote',
        }),
        service('app', 'legacy', {
          'io.cilium/global-service': 'true',
          'io.cilium/service-affinity': 'nearest',
        }),
        service('app', 'both', {
          'service.cilium.io/global': 'false',
          'io.cilium/global-service': 'true',
          'service.cilium.io/shared': 'yes',
        }),
        service('app', 'not-global', { 'service.cilium.io/affinity': 'local' }),
        service('kube-system', 'kube-dns', { 'prometheus.io/scrape': 'true' }),
      ],
      new Map([['app/modern', 4]]),
    );
    expect(view.plainServices).toEqual(['app/plain', 'kube-system/kube-dns']);
    expect(view.services).toEqual([
      {
        namespace: 'app',
        name: 'both',
        global: false,
        shared: false,
        affinity: 'none',
        readyBackends: 0,
      },
      {
        namespace: 'app',
        name: 'legacy',
        global: true,
        shared: true,
        affinity: 'none',
        invalidAffinity: 'nearest',
        readyBackends: 0,
      },
      {
        namespace: 'app',
        name: 'modern',
        global: true,
        shared: false,
        affinity: 'remote',
        readyBackends: 4,
      },
      {
        namespace: 'app',
        name: 'not-global',
        global: false,
        shared: true,
        affinity: 'local',
        readyBackends: 0,
      },
    ]);
  });
});

describe('namespaceObservations', () => {
  it('lists the namespaces of annotated services with their global flag', () => {
    const { services } = classifyServices(
      [
        service('a', 's', { 'service.cilium.io/global': 'true' }),
        service('b', 's', { 'service.cilium.io/global': 'true' }),
        service('c', 's'),
      ],
      new Map(),
    );
    expect(
      namespaceObservations(
        [
          {
            metadata: {
              name: 'a',
              annotations: { 'clustermesh.cilium.io/global': 'FALSE' },
            },
          },
          { metadata: { name: 'b' } },
          {
            metadata: {
              name: 'c',
              annotations: { 'clustermesh.cilium.io/global': 'true' },
            },
          },
        ],
        services,
      ),
    ).toEqual([{ name: 'a', global: false }, { name: 'b' }]);
  });
});
