import {
  CustomObjectsApi,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { startTestCluster, statusOf, TestCluster } from './testCluster';

const clusterwidePolicy = {
  group: 'cilium.io',
  version: 'v2',
  kind: 'CiliumClusterwideNetworkPolicy',
  plural: 'ciliumclusterwidenetworkpolicies',
  namespaced: false,
};

const ciliumNodeSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        ipam: {
          type: 'object',
          properties: {
            podCIDRs: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

describe('custom resources', () => {
  let cluster: TestCluster;
  let objects: KubernetesObjectApi;
  let custom: CustomObjectsApi;

  beforeAll(async () => {
    cluster = await startTestCluster();
    objects = KubernetesObjectApi.makeApiClient(cluster.admin);
    custom = cluster.admin.makeApiClient(CustomObjectsApi);
    cluster.server.registerCustomResource({
      group: 'cilium.io',
      version: 'v2',
      kind: 'CiliumNode',
      plural: 'ciliumnodes',
      shortNames: ['cn'],
      namespaced: false,
      schema: ciliumNodeSchema,
      validate: object =>
        String(object.metadata.name).startsWith('aks-')
          ? []
          : [
              {
                field: 'metadata.name',
                reason: 'FieldValueInvalid',
                message: 'Invalid value: must name an AKS node',
              },
            ],
    });
  });

  afterAll(() => cluster.server.stop());

  it('serves a resource registered at runtime, with discovery and its CRD', async () => {
    const resources = await custom.getAPIResources({
      group: 'cilium.io',
      version: 'v2',
    });
    expect(resources.resources.map(resource => resource.name)).toEqual([
      'ciliumnodes',
      'ciliumnodes/status',
    ]);
    const crd = await objects.read({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'ciliumnodes.cilium.io' },
    });
    expect(crd).toMatchObject({
      status: {
        conditions: expect.arrayContaining([
          expect.objectContaining({ type: 'Established', status: 'True' }),
        ]),
      },
    });
  });

  it('creates, lists and merge-patches custom objects', async () => {
    const created = await objects.create({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNode',
      metadata: { name: 'aks-system-1-vmss000000' },
      spec: { ipam: { podCIDRs: ['10.244.0.0/24'] } },
    } as KubernetesObject);
    expect(created.metadata!.generation).toBe(1);
    const patched = await objects.patch(
      {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNode',
        metadata: { name: 'aks-system-1-vmss000000' },
        spec: { ipam: { podCIDRs: ['10.244.1.0/24'] } },
      } as KubernetesObject,
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(patched).toMatchObject({
      spec: { ipam: { podCIDRs: ['10.244.1.0/24'] } },
      metadata: { generation: 2 },
    });
    const list = (await custom.listClusterCustomObject({
      group: 'cilium.io',
      version: 'v2',
      plural: 'ciliumnodes',
    })) as {
      items: KubernetesObject[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNode',
      }),
    ]);
  });

  it('refuses strategic merge patches, like any API server does for custom resources', async () => {
    const error = await objects
      .patch({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNode',
        metadata: { name: 'aks-system-1-vmss000000' },
      } as KubernetesObject)
      .catch(caught => caught);
    expect(statusOf(error)).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
    });
  });

  it('validates against the schema and the extra validator', async () => {
    const wrongType = await objects
      .create({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNode',
        metadata: { name: 'aks-x' },
        spec: { ipam: { podCIDRs: 'nope' } },
      } as KubernetesObject)
      .catch(caught => caught);
    expect(statusOf(wrongType)).toMatchObject({
      code: 422,
      details: {
        kind: 'CiliumNode',
        group: 'cilium.io',
        causes: [expect.objectContaining({ field: 'spec.ipam.podCIDRs' })],
      },
    });
    const wrongName = await objects
      .create({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNode',
        metadata: { name: 'laptop' },
      } as KubernetesObject)
      .catch(caught => caught);
    expect(statusOf(wrongName).details.causes).toEqual([
      expect.objectContaining({ field: 'metadata.name' }),
    ]);
  });

  it('registers CRDs created over HTTP and removes their objects when the CRD goes', async () => {
    await objects.create({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${clusterwidePolicy.plural}.cilium.io` },
      spec: {
        group: 'cilium.io',
        scope: 'Cluster',
        names: {
          kind: clusterwidePolicy.kind,
          plural: clusterwidePolicy.plural,
          singular: 'ciliumclusterwidenetworkpolicy',
        },
        versions: [
          {
            name: 'v2',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
          },
        ],
      },
    } as KubernetesObject);
    await custom.createClusterCustomObject({
      group: 'cilium.io',
      version: 'v2',
      plural: clusterwidePolicy.plural,
      body: {
        apiVersion: 'cilium.io/v2',
        kind: clusterwidePolicy.kind,
        metadata: { name: 'allow-mesh' },
        spec: {},
      },
    });
    await objects.delete({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${clusterwidePolicy.plural}.cilium.io` },
    });
    const gone = await custom
      .listClusterCustomObject({
        group: 'cilium.io',
        version: 'v2',
        plural: clusterwidePolicy.plural,
      })
      .catch(caught => caught);
    expect(gone.code).toBe(404);
    expect(
      cluster.server.objects.list({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNode',
      }),
    ).toHaveLength(1);
  });
});
