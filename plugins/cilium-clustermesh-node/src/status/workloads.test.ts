import type { V1PodSpec, V1Service } from '@kubernetes/client-node';
import {
  apiserverServiceFacts,
  configuredPeers,
  hostAliasPeers,
  remoteUserPeers,
  versionOfImage,
} from './workloads';

describe('versionOfImage', () => {
  it.each([
    ['quay.io/cilium/cilium:v1.20.0@sha256:0123abcd', '1.20.0'],
    ['quay.io/cilium/cilium:v1.16.19', '1.16.19'],
    ['mcr.microsoft.com/oss/cilium/cilium:1.16.6-250129', '1.16.6-250129'],
    ['localhost:5000/cilium/cilium:v1.19.6', '1.19.6'],
    ['quay.io/cilium/cilium@sha256:0123abcd', undefined],
    ['quay.io/cilium/cilium:latest', undefined],
    [undefined, undefined],
  ])('reads %s', (image, version) => {
    expect(versionOfImage(image)).toBe(version);
  });
});

describe('configured peers', () => {
  const spec = (hostAliases: V1PodSpec['hostAliases']): V1PodSpec => ({
    containers: [],
    hostAliases,
  });

  it('reads mesh host aliases and ignores others', () => {
    expect(
      hostAliasPeers(
        spec([
          { ip: '172.21.11.200', hostnames: ['cluster2.mesh.cilium.io'] },
          { ip: '172.21.11.201', hostnames: ['cluster2.mesh.cilium.io'] },
          { ip: '10.0.0.1', hostnames: ['registry.internal'] },
        ]),
      ),
    ).toEqual(new Map([['cluster2', ['172.21.11.200', '172.21.11.201']]]));
  });

  it('reads remote users and tolerates empty or foreign documents', () => {
    expect(
      remoteUserPeers(
        'users:\n- name: remote-cluster1\n  role: remote\n- name: remote-cluster2\n  role: remote\n- name: admin-cluster1\n  role: admin\n',
      ),
    ).toEqual(['cluster1', 'cluster2']);
    // Other spellings of the same document go through the YAML parser.
    expect(
      remoteUserPeers(
        'users:\n  - {name: "remote-cluster3", role: remote}\n  - name: \'remote-cluster4\'\n    role: remote\n',
      ),
    ).toEqual(['cluster3', 'cluster4']);
    expect(remoteUserPeers('')).toEqual([]);
    expect(remoteUserPeers('users: nope')).toBeUndefined();
    expect(remoteUserPeers('users: [')).toBeUndefined();
  });

  it('joins both sources and leaves out the cluster itself', () => {
    expect(
      configuredPeers(
        'cluster1',
        ['cluster1', 'cluster3', 'cluster2'],
        new Map([
          ['cluster2', ['172.21.11.200']],
          ['cluster4', ['172.21.13.200']],
        ]),
      ),
    ).toEqual([
      {
        name: 'cluster2',
        addresses: ['172.21.11.200'],
        sources: ['remote-users', 'host-aliases'],
      },
      { name: 'cluster3', addresses: [], sources: ['remote-users'] },
      {
        name: 'cluster4',
        addresses: ['172.21.13.200'],
        sources: ['host-aliases'],
      },
    ]);
  });
});

describe('apiserverServiceFacts', () => {
  it('reads a load balancer', () => {
    const service: V1Service = {
      spec: { type: 'LoadBalancer', ports: [{ port: 2379, nodePort: 32379 }] },
      status: {
        loadBalancer: {
          ingress: [{ ip: '172.21.10.200' }, { hostname: 'lb.example.com' }],
        },
      },
    };
    expect(apiserverServiceFacts(service)).toEqual({
      serviceType: 'LoadBalancer',
      addresses: ['172.21.10.200', 'lb.example.com'],
      port: 2379,
    });
  });

  it('reads the node port of a NodePort Service, and a pending load balancer', () => {
    expect(
      apiserverServiceFacts({
        spec: { type: 'NodePort', ports: [{ port: 2379, nodePort: 32379 }] },
      }),
    ).toEqual({ serviceType: 'NodePort', addresses: [], port: 32379 });
    expect(
      apiserverServiceFacts({
        spec: { type: 'LoadBalancer', ports: [{ port: 2379 }] },
        status: { loadBalancer: {} },
      }),
    ).toEqual({ serviceType: 'LoadBalancer', addresses: [], port: 2379 });
  });
});
