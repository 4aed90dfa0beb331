import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  applySeedPreset,
  Lab,
  labMeshConfig,
  MeshClusterPlan,
  SEED_CLUSTERS,
  SEED_MESH_NAME,
} from '@meshportal/lab';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import request from 'supertest';
import { ciliumClusterMeshPlugin } from './plugin';
import { findLeaks } from './__testUtils__/leaks';

// The seed mesh is built through ARM, helm and the Kubernetes API.
jest.setTimeout(120_000);

const API = '/api/cilium-clustermesh';
/** A config mesh like the seed's, but cluster2 has no clustermeshApiserverEndpoint. */
const PARTLY_PROBED = 'partly-probed';
const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZWFkZXIifQ.c2lnbmF0dXJl';

describe('mesh registration through the API', () => {
  let lab: Lab;
  let workDir: string;
  let secretDir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  /** Every TLS connection this process opened, as host:port. */
  const dialed: string[] = [];
  /** Status and error bodies: they must never carry secrets. */
  const bodies: string[] = [];

  const service = mockCredentials.service.header();
  const user = mockCredentials.user.header();

  const clusterOf = (plan: MeshClusterPlan) => {
    const cluster = lab.cluster(plan.aksName);
    return {
      name: plan.ciliumName,
      url: cluster.apiServerUrl,
      caData: Buffer.from(cluster.caPem).toString('base64'),
      authProvider: 'azure',
      azure: {
        subscriptionId: lab.arm.subscriptionId,
        resourceGroup: plan.resourceGroup,
        managedCluster: plan.aksName,
      },
    };
  };
  const put = (mesh: string, body: object, authorization: string | null) => {
    const call = request(server)
      .put(`${API}/meshes/${mesh}/registration`)
      .send(body);
    return authorization ? call.set('Authorization', authorization) : call;
  };
  const remove = (mesh: string, authorization: string | null) => {
    const call = request(server).delete(`${API}/meshes/${mesh}/registration`);
    return authorization ? call.set('Authorization', authorization) : call;
  };
  const read = (mesh: string, authorization: string | null) => {
    const call = request(server).get(`${API}/meshes/${mesh}/registration`);
    return authorization ? call.set('Authorization', authorization) : call;
  };
  const getMesh = async (mesh: string) => {
    const response = await request(server)
      .get(`${API}/meshes/${mesh}`)
      .set('Authorization', user);
    bodies.push(response.text);
    return response;
  };
  const clustersOf = (body: any) =>
    body.clusters.map((c: any) => [c.name, c.health]);

  beforeAll(async () => {
    // Records every TLS dial, the certificate probes' included, and refuses
    // any outside loopback: the lab's private addresses are data only.
    const connect = tls.connect;
    jest.spyOn(tls, 'connect').mockImplementation(((...args: any[]) => {
      const [first, second] = args;
      const target =
        typeof first === 'object'
          ? `${first.host ?? 'localhost'}:${first.port}`
          : `${typeof second === 'string' ? second : 'localhost'}:${first}`;
      dialed.push(target);
      if (!isLoopback(target)) {
        throw new Error(`The test refused to dial ${target}`);
      }
      return (connect as any)(...args);
    }) as typeof tls.connect);

    workDir = await mkdtemp(path.join(tmpdir(), 'backend-registration-'));
    // mkdtemp makes it 0700; the CA is public, but this is where the
    // backend's Azure settings would sit.
    secretDir = await mkdtemp(path.join(tmpdir(), 'backend-azure-'));
    lab = await Lab.start({
      mesh: { propagationDelayMs: 30 },
      loadBalancerDelayMs: 20,
    });
    await applySeedPreset(lab, { workDir });
    const caFile = path.join(secretDir, 'arm-ca.pem');
    await writeFile(caFile, lab.arm.caPem, { mode: 0o600 });

    const seedConfig = labMeshConfig(lab, {
      name: SEED_MESH_NAME,
      title: 'Lab mesh',
      clusters: SEED_CLUSTERS,
    });
    const partlyProbed = {
      ...seedConfig,
      name: PARTLY_PROBED,
      clusters: seedConfig.clusters.map(cluster => {
        if (cluster.name !== 'cluster2') return cluster;
        const { clustermeshApiserverEndpoint: _, ...rest } = cluster;
        return rest;
      }),
    };
    ({ server } = await startTestBackend({
      features: [
        ciliumClusterMeshPlugin,
        mockServices.rootConfig.factory({
          data: {
            ciliumClusterMesh: {
              // The backend's own identity, which registered meshes use.
              azure: {
                tenantId: lab.arm.tenantId,
                subscriptionId: lab.arm.subscriptionId,
                clientId: lab.arm.clientId,
                clientSecret: lab.arm.clientSecret,
                resourceManagerEndpoint: lab.arm.endpoint,
                authorityHost: lab.arm.endpoint,
                caFile,
              },
              meshes: [seedConfig, partlyProbed],
              status: {
                schedule: {
                  frequency: { minutes: 60 },
                  timeout: { minutes: 1 },
                  initialDelay: { minutes: 60 },
                },
                clusterTimeoutSeconds: 5,
                // The clusters' clustermesh-apiserver addresses are private
                // data only: this backend must never dial them.
                probeCertificates: 'configuredEndpoints',
              },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    }));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await lab?.stop();
    await rm(workDir, { recursive: true, force: true });
    await rm(secretDir, { recursive: true, force: true });
  });

  it('registers a mesh for a Backstage service, serves it at once over the Azure identity, and takes a joining cluster', async () => {
    const [first, second, third] = SEED_CLUSTERS.map(clusterOf);
    const created = await put(
      'scaffolded',
      {
        title: 'Scaffolded mesh',
        clusters: [first, second],
        createdBy: 'user:default/alice',
      },
      service,
    );
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      name: 'scaffolded',
      title: 'Scaffolded mesh',
      clusters: [first, second],
      createdBy: 'user:default/alice',
      createdAt: expect.any(String),
      updatedAt: created.body.createdAt,
    });
    const readBack = await read('scaffolded', service);
    expect([readBack.status, readBack.body]).toEqual([200, created.body]);

    const twoClusters = await getMesh('scaffolded');
    expect(twoClusters.status).toBe(200);
    expect(twoClusters.body).toMatchObject({
      mesh: 'scaffolded',
      title: 'Scaffolded mesh',
      source: 'registered',
    });
    // Healthy and without warnings: the API servers took the backend's token.
    expect(clustersOf(twoClusters.body)).toEqual([
      ['cluster1', 'healthy'],
      ['cluster2', 'healthy'],
    ]);
    expect(twoClusters.body.clusters.flatMap((c: any) => c.warnings)).toEqual(
      [],
    );

    // A join reads the registration for the clusters' Azure coordinates,
    // then registers the mesh again with one more cluster.
    await new Promise(resolve => setTimeout(resolve, 5));
    const before = await read('scaffolded', service);
    expect(before.body.clusters.map((c: any) => c.azure)).toEqual([
      first.azure,
      second.azure,
    ]);
    const joined = await put(
      'scaffolded',
      {
        title: before.body.title,
        clusters: [...before.body.clusters, third],
        createdBy: 'user:default/bob',
      },
      service,
    );
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({
      createdBy: 'user:default/alice',
      createdAt: created.body.createdAt,
    });
    expect(Date.parse(joined.body.updatedAt)).toBeGreaterThan(
      Date.parse(created.body.createdAt),
    );
    expect((await read('scaffolded', service)).body).toEqual(joined.body);

    const threeClusters = await getMesh('scaffolded');
    expect(clustersOf(threeClusters.body)).toEqual([
      ['cluster1', 'healthy'],
      ['cluster2', 'healthy'],
      ['cluster3', 'healthy'],
    ]);
    expect(threeClusters.body).toMatchObject({
      health: 'healthy',
      problems: [],
      connectionCounts: { total: 6, connected: 6 },
    });
    // No cluster has an endpoint configured, so none was probed.
    expect(
      threeClusters.body.clusters.map(
        (c: any) => c.cilium.clustermeshApiserver.certificate,
      ),
    ).toEqual([undefined, undefined, undefined]);

    const list = await request(server)
      .get(`${API}/meshes`)
      .set('Authorization', user);
    bodies.push(list.text);
    expect(list.body.items.map((m: any) => [m.name, m.source])).toEqual([
      [SEED_MESH_NAME, 'config'],
      [PARTLY_PROBED, 'config'],
      ['scaffolded', 'registered'],
    ]);
  });

  it('refuses users and callers without credentials, storing nothing', async () => {
    const body = { clusters: [clusterOf(SEED_CLUSTERS[0])] };
    for (const response of [
      await put('by-a-user', body, user),
      await remove(SEED_MESH_NAME, user),
      // Registered in the first test: a user learns nothing of it here.
      await read('scaffolded', user),
    ]) {
      bodies.push(response.text);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        "This endpoint does not allow 'user' credentials",
      );
    }
    for (const response of [
      await put('by-nobody', body, null),
      await remove('by-nobody', null),
      await read('scaffolded', null),
    ]) {
      bodies.push(response.text);
      expect(response.status).toBe(401);
    }
    expect((await getMesh('by-a-user')).status).toBe(404);
    expect((await getMesh('by-nobody')).status).toBe(404);
  });

  it.each([
    [
      'a credential field',
      'with-token',
      (cluster: object) => ({
        clusters: [{ ...cluster, serviceAccountToken: SECRET_TOKEN }],
      }),
      [
        'Cannot register mesh "with-token"',
        'clusters[0].serviceAccountToken: a registered mesh holds no secret',
        'Fix: remove serviceAccountToken',
      ],
    ],
    [
      'another auth provider',
      'other-auth',
      (cluster: object) => ({
        clusters: [{ ...cluster, authProvider: 'serviceAccount' }],
      }),
      ['clusters[0].authProvider: must be "azure"'],
    ],
    [
      'no clusters',
      'no-clusters',
      () => ({ title: 'Empty' }),
      ['clusters: is required. Fix: list at least one cluster'],
    ],
    [
      'a mesh name Cilium and DNS reject',
      'bad_name',
      (cluster: object) => ({ clusters: [cluster] }),
      ['Cannot register mesh (invalid name)', 'name: must be 1-63 lowercase'],
    ],
    [
      'a second, different name in the body',
      'path-name',
      (cluster: object) => ({ name: 'body-name', clusters: [cluster] }),
      [
        'name: must be the mesh name in the path ("path-name"). Fix: leave name out of the body',
      ],
    ],
  ])(
    'answers 400 to %s, naming field, rule and fix',
    async (_what, mesh, bodyFor, messages) => {
      const response = await put(
        mesh,
        bodyFor(clusterOf(SEED_CLUSTERS[0])),
        service,
      );
      bodies.push(response.text);
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      for (const message of messages) {
        expect(response.body.error.message).toContain(message);
      }
      expect(response.text).not.toContain(SECRET_TOKEN.slice(0, 20));
      expect((await getMesh(mesh)).status).toBe(404);
    },
  );

  it('answers 400 to a body that is not JSON without quoting it', async () => {
    const response = await request(server)
      .put(`${API}/meshes/not-json/registration`)
      .set('Authorization', service)
      .set('Content-Type', 'application/json')
      .send(`${SECRET_TOKEN} is not JSON`);
    bodies.push(response.text);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'request body: is not valid JSON. Fix: send a JSON object with Content-Type application/json',
    );
    expect(response.text).not.toContain(SECRET_TOKEN.slice(0, 10));
  });

  it('answers 409 to a name app-config defines, and leaves that mesh alone', async () => {
    const response = await put(
      SEED_MESH_NAME,
      { clusters: [clusterOf(SEED_CLUSTERS[0])] },
      service,
    );
    bodies.push(response.text);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain(
      `Mesh ${SEED_MESH_NAME} is defined in app-config (ciliumClusterMesh.meshes)`,
    );
    const removed = await remove(SEED_MESH_NAME, service);
    bodies.push(removed.text);
    expect(removed.status).toBe(404);
    expect(removed.body.error.message).toContain(
      'it is defined in app-config (ciliumClusterMesh.meshes), which this API does not change',
    );
    const readConfigured = await read(SEED_MESH_NAME, service);
    bodies.push(readConfigured.text);
    expect(readConfigured.status).toBe(404);
    expect(readConfigured.body.error.message).toBe(
      `Mesh ${SEED_MESH_NAME} is not registered: it is defined in app-config (ciliumClusterMesh.meshes), which this API does not serve`,
    );
    const mesh = await getMesh(SEED_MESH_NAME);
    expect(mesh.body).toMatchObject({ source: 'config', health: 'healthy' });
    expect(mesh.body.clusters).toHaveLength(3);
  });

  it('removes a registered mesh, which is gone at once', async () => {
    const registered = await put(
      'short-lived',
      { clusters: [clusterOf(SEED_CLUSTERS[2])] },
      service,
    );
    expect(registered.status).toBe(200);
    expect(clustersOf((await getMesh('short-lived')).body)).toEqual([
      ['cluster3', 'healthy'],
    ]);

    const removed = await remove('short-lived', service);
    expect([removed.status, removed.text]).toEqual([204, '']);
    const gone = await getMesh('short-lived');
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toBe('No mesh named short-lived');

    const again = await remove('short-lived', service);
    bodies.push(again.text);
    expect(again.status).toBe(404);
    expect(again.body.error.message).toBe(
      'No registered mesh named short-lived',
    );
    const readGone = await read('short-lived', service);
    bodies.push(readGone.text);
    expect(readGone.status).toBe(404);
    expect(readGone.body.error.message).toBe(
      'No registered mesh named short-lived',
    );
  });

  it('with configuredEndpoints, probes only clusters with clustermeshApiserverEndpoint', async () => {
    const response = await getMesh(PARTLY_PROBED);
    expect(response.status).toBe(200);
    const byName = new Map<string, any>(
      response.body.clusters.map((c: any) => [c.name, c]),
    );
    const loopback = (cluster: string) => {
      const address = lab.mesh.cluster(
        SEED_CLUSTERS.find(plan => plan.ciliumName === cluster)!.aksName,
      ).apiserverLoopbackAddress!;
      return `${address.host}:${address.port}`;
    };
    for (const probed of ['cluster1', 'cluster3']) {
      expect(
        byName.get(probed).cilium.clustermeshApiserver.certificate,
      ).toMatchObject({ endpoint: loopback(probed) });
      expect(dialed).toContain(loopback(probed));
    }
    const cluster2 = byName.get('cluster2');
    expect(cluster2.health).toBe('healthy');
    expect(cluster2.warnings).toEqual([]);
    expect(cluster2.cilium.clustermeshApiserver.certificate).toBeUndefined();
    // The Service address a `true` setting would have dialed.
    const [address] = cluster2.cilium.clustermeshApiserver.addresses;
    expect(isIPv4(address)).toBe(true);
    expect(address.startsWith('127.')).toBe(false);
    expect(dialed.filter(target => target.startsWith(`${address}:`))).toEqual(
      [],
    );
  });

  // Last: what the whole suite did on the network and answered.
  it('dialed nothing outside 127.0.0.0/8 and answered no secret', () => {
    expect(dialed.length).toBeGreaterThan(3);
    expect(dialed.filter(target => !isLoopback(target))).toEqual([]);
    expect(bodies.length).toBeGreaterThan(10);
    expect(findLeaks(bodies, [lab.arm.clientSecret, SECRET_TOKEN])).toEqual([]);
  });
});

function isLoopback(target: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost):\d+$/.test(target);
}
