import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  applySeedPreset,
  Lab,
  labMeshConfig,
  SEED_CLUSTERS,
  SEED_MESH_NAME,
} from '@meshportal/lab';
import { decodeConnectionGrid } from '@meshportal/plugin-cilium-clustermesh-common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ciliumClusterMeshPlugin } from './plugin';
import { collectSecrets, findLeaks } from './__testUtils__/leaks';

// The seed mesh is built through ARM, helm and the Kubernetes API.
jest.setTimeout(120_000);

const API = '/api/cilium-clustermesh';
const CLUSTER_TIMEOUT_SECONDS = 2;
const [C1, C2, C3] = SEED_CLUSTERS.map(plan => plan.aksName);

describe('cilium-clustermesh backend on the seed mesh', () => {
  let lab: Lab;
  let workDir: string;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let meshConfig: ReturnType<typeof labMeshConfig>;
  const bodies: string[] = [];

  const user = mockCredentials.user.header();
  const get = async (url: string, authorization: string | null = user) => {
    const call = request(server).get(`${API}${url}`);
    const response = await (authorization
      ? call.set('Authorization', authorization)
      : call);
    bodies.push(response.text);
    return response;
  };
  const refresh = async () => {
    const response = await request(server)
      .post(`${API}/meshes/${SEED_MESH_NAME}/refresh`)
      .set('Authorization', user);
    bodies.push(response.text);
    expect(response.status).toBe(200);
    return response.body;
  };
  const settleAndRefresh = async () => {
    await lab.mesh.settled();
    // The explicit refresh is rate-limited (manualRefreshIntervalSeconds).
    await new Promise(resolve => setTimeout(resolve, 250));
    return refresh();
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'backend-seed-'));
    lab = await Lab.start({
      mesh: { propagationDelayMs: 30 },
      loadBalancerDelayMs: 20,
    });
    await applySeedPreset(lab, { workDir });
    meshConfig = labMeshConfig(lab, {
      name: SEED_MESH_NAME,
      title: 'Lab mesh',
      clusters: SEED_CLUSTERS,
    });
    ({ server } = await startTestBackend({
      features: [
        ciliumClusterMeshPlugin,
        mockServices.rootConfig.factory({
          data: {
            ciliumClusterMesh: {
              meshes: [meshConfig],
              status: statusConfig(),
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
    await lab?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    lab.faults.heal();
    await lab.faults.setApiServerReachable(C2, true);
    await lab.mesh.settled();
  });

  it('shows three clusters, six ready connections with every agent, and no problems', async () => {
    const response = await get(`/meshes/${SEED_MESH_NAME}`);
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({
      mesh: SEED_MESH_NAME,
      source: 'config',
      health: 'healthy',
      problems: [],
    });
    expect(body.clusters.map((c: any) => [c.name, c.health])).toEqual([
      ['cluster1', 'healthy'],
      ['cluster2', 'healthy'],
      ['cluster3', 'healthy'],
    ]);
    // The read-only identity was refused nothing.
    expect(body.clusters.flatMap((c: any) => c.warnings)).toEqual([]);
    expect(body.connectionCounts).toMatchObject({ total: 6, connected: 6 });
    expect(body.unhealthyConnections).toEqual([]);
    const connections = await get(`/meshes/${SEED_MESH_NAME}/connections`);
    expect(connections.body.total).toBe(6);
    for (const connection of connections.body.items) {
      expect(connection).toMatchObject({
        configured: true,
        state: 'connected',
        agents: { total: 3, ready: 3 },
        kvstoremesh: { total: 1, ready: 1 },
      });
    }
    // The grid carries the same directions, states and ready counts.
    const grid = await get(`/meshes/${SEED_MESH_NAME}/connection-grid`);
    expect(grid.status).toBe(200);
    expect(grid.body.clusters).toEqual(['cluster1', 'cluster2', 'cluster3']);
    expect(decodeConnectionGrid(grid.body)).toEqual(
      connections.body.items.map((c: any) => ({
        from: c.from,
        to: c.to,
        configured: c.configured,
        state: c.state,
        agents: { ready: c.agents.ready, total: c.agents.total },
        kvstoremesh: { ready: c.kvstoremesh.ready, total: c.kvstoremesh.total },
      })),
    );
    const fromCluster3 = await get(
      `/meshes/${SEED_MESH_NAME}/connections?from=cluster3&limit=1&offset=1`,
    );
    expect(fromCluster3.body).toMatchObject({
      total: 2,
      items: [{ from: 'cluster3', to: 'cluster2' }],
    });
    expect(body.ageSeconds).toBeGreaterThanOrEqual(0);

    const list = await get('/meshes');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        name: SEED_MESH_NAME,
        health: 'healthy',
        clusters: { total: 3, healthy: 3 },
        connections: { total: 6, connected: 6 },
        problems: { error: 0, warning: 0, info: 0 },
      }),
    ]);
  });

  it('previews where each cluster is served from for the global service', async () => {
    const response = await get(`/meshes/${SEED_MESH_NAME}/global-services`);
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(1);
    const service = response.body.items.find(
      (s: any) => s.namespace === 'meshtest' && s.name === 'aks-helloworld-one',
    );
    const servedBy = (from: string) =>
      service.routing
        .find((r: any) => r.from === from)
        .servedBy.map((s: any) => s.cluster);
    expect(servedBy('cluster2')).toEqual(['cluster3']);
    expect(servedBy('cluster3')).toEqual(['cluster2', 'cluster3']);
    expect(servedBy('cluster1')).toEqual(['cluster1', 'cluster2', 'cluster3']);
    expect(
      service.clusters.map((c: any) => [c.cluster, c.shared, c.affinity]),
    ).toEqual([
      ['cluster1', false, 'none'],
      ['cluster2', true, 'remote'],
      ['cluster3', true, 'none'],
    ]);
  });

  it('degrades exactly the partitioned edge, explains it, records it and recovers', async () => {
    const before = await settleAndRefresh();
    expect(before.health).toBe('healthy');
    const partitionedAt = Date.now();

    lab.faults.partition(C3, C1);
    const degraded = await settleAndRefresh();
    expect(
      degraded.unhealthyConnections.map((c: any) => [c.from, c.to]),
    ).toEqual([['cluster3', 'cluster1']]);
    expect(degraded.health).toBe('degraded');
    const grid = decodeConnectionGrid(
      (await get(`/meshes/${SEED_MESH_NAME}/connection-grid`)).body,
    );
    expect(
      grid.filter(c => c.state !== 'connected').map(c => [c.from, c.to]),
    ).toEqual([['cluster3', 'cluster1']]);
    const problem = degraded.problems.find(
      (p: any) =>
        p.clusters.includes('cluster3') && p.clusters.includes('cluster1'),
    );
    expect(problem).toMatchObject({
      severity: 'error',
      remediation: expect.any(String),
      command: expect.stringContaining('troubleshoot'),
    });

    const history = await get(
      `/meshes/${SEED_MESH_NAME}/history?from=cluster3&to=cluster1`,
    );
    expect(history.status).toBe(200);
    const [latest] = history.body.items;
    expect(latest).toMatchObject({
      from: 'cluster3',
      to: 'cluster1',
      previousState: 'connected',
    });
    expect(latest.state).not.toBe('connected');
    expect(Date.parse(latest.at)).toBeGreaterThanOrEqual(partitionedAt - 1000);

    lab.faults.heal();
    const healed = await settleAndRefresh();
    expect(healed.health).toBe('healthy');
    expect(healed.unhealthyConnections).toEqual([]);
    const after = await get(
      `/meshes/${SEED_MESH_NAME}/history?from=cluster3&to=cluster1&limit=2`,
    );
    expect(after.body.items.map((e: any) => e.state)).toEqual([
      'connected',
      latest.state,
    ]);

    // The mesh list dates the mesh's last change by its newest event.
    const newest = await get(`/meshes/${SEED_MESH_NAME}/history?limit=1`);
    expect(newest.body.items[0]).toMatchObject({
      from: 'cluster3',
      to: 'cluster1',
      state: 'connected',
    });
    const list = await get('/meshes');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        name: SEED_MESH_NAME,
        lastChangeAt: newest.body.items[0].at,
      }),
    ]);
  });

  it('answers within the cluster timeout when a cluster API is down, with that error and the rest intact', async () => {
    await lab.faults.setApiServerReachable(C2, false);
    await new Promise(resolve => setTimeout(resolve, 250));
    const started = Date.now();
    const body = await refresh();
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeLessThan(CLUSTER_TIMEOUT_SECONDS * 1000 + 1000);
    const cluster2 = body.clusters.find((c: any) => c.name === 'cluster2');
    expect(cluster2).toMatchObject({
      health: 'down',
      error: { kind: expect.stringMatching(/unreachable|timeout/) },
    });
    expect(
      body.clusters
        .filter((c: any) => c.name !== 'cluster2')
        .map((c: any) => c.cilium.clusterName),
    ).toEqual(['cluster1', 'cluster3']);
    // Only cluster2's own view is unknown; the others still see it connected.
    expect(
      body.unhealthyConnections.map((c: any) => [c.from, c.to, c.state]),
    ).toEqual([
      ['cluster2', 'cluster1', 'unknown'],
      ['cluster2', 'cluster3', 'unknown'],
    ]);
    expect(body.connectionCounts).toMatchObject({ connected: 4, unknown: 2 });
  });

  it('answers within the cluster timeout when a cluster API hangs', async () => {
    lab.faults.setApiServerLatency(C2, 30_000);
    try {
      await new Promise(resolve => setTimeout(resolve, 250));
      const started = Date.now();
      const body = await refresh();
      expect(Date.now() - started).toBeLessThan(
        CLUSTER_TIMEOUT_SECONDS * 1000 + 1000,
      );
      expect(
        body.clusters.map((c: any) => [c.name, c.error?.kind ?? 'ok']),
      ).toEqual([
        ['cluster1', 'ok'],
        ['cluster2', 'timeout'],
        ['cluster3', 'ok'],
      ]);
    } finally {
      lab.faults.setApiServerLatency(C2, 0);
    }
  });

  it('serves one cluster with its connections both ways', async () => {
    const response = await get(`/meshes/${SEED_MESH_NAME}/clusters/cluster1`);
    expect(response.status).toBe(200);
    expect(response.body.cluster).toMatchObject({
      name: 'cluster1',
      cilium: {
        clusterId: 1,
        podCidrs: ['10.1.0.0/16'],
        clustermeshApiserver: { kvstoremesh: true },
      },
    });
    expect(
      response.body.connections.map((c: any) => `${c.from}>${c.to}`).sort(),
    ).toEqual([
      'cluster1>cluster2',
      'cluster1>cluster3',
      'cluster2>cluster1',
      'cluster3>cluster1',
    ]);
  });

  it.each([
    [`/meshes/no-such-mesh`, 404, 'No mesh named no-such-mesh'],
    [`/meshes/${SEED_MESH_NAME}/clusters/nope`, 404, 'no cluster named nope'],
    [`/meshes/Not_A_Mesh!`, 400, 'mesh'],
    [`/meshes/${SEED_MESH_NAME}/history?limit=abc`, 400, 'limit'],
    [`/meshes/${SEED_MESH_NAME}/history?since=yesterday`, 400, 'since'],
    [`/meshes/${SEED_MESH_NAME}/history?color=blue`, 400, 'color'],
    [`/meshes/${SEED_MESH_NAME}/connections?state=sunny`, 400, 'state'],
    [`/meshes/${SEED_MESH_NAME}/connections?limit=5001`, 400, 'limit'],
  ])('GET %s answers %i naming %s', async (url, status, named) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toContain(named);
  });

  it('refuses callers without Backstage credentials', async () => {
    for (const url of ['/health', '/meshes', `/meshes/${SEED_MESH_NAME}`]) {
      expect((await get(url, null)).status).toBe(401);
    }
    for (const authorization of [user, mockCredentials.service.header()]) {
      const health = await get('/health', authorization);
      expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
    }
  });

  it('rate-limits explicit refreshes with Retry-After', async () => {
    await new Promise(resolve => setTimeout(resolve, 250));
    const post = () =>
      request(server)
        .post(`${API}/meshes/${SEED_MESH_NAME}/refresh`)
        .set('Authorization', user);
    const answers = await Promise.all([post(), post()]);
    bodies.push(...answers.map(answer => answer.text));
    expect(answers.map(answer => answer.status).sort()).toEqual([200, 429]);
    const limited = answers.find(answer => answer.status === 429)!;
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.body.error.message).toMatch(/refreshed moments ago/);
  });

  // Last: every body this suite received, checked for anything secret.
  it('never answered with certificates, keys, tokens or kubeconfigs', () => {
    expect(bodies.length).toBeGreaterThan(10);
    expect(findLeaks(bodies, collectSecrets(meshConfig))).toEqual([]);
  });
});

describe('cilium-clustermesh backend permissions', () => {
  it('answers 403 on every route when the policy denies', async () => {
    const { server } = await startTestBackend({
      features: [
        ciliumClusterMeshPlugin,
        mockServices.rootConfig.factory({
          data: { ciliumClusterMesh: { meshes: [] } },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    for (const call of [
      request(server).get(`${API}/meshes`),
      request(server).get(`${API}/meshes/any`),
      request(server).get(`${API}/meshes/any/history`),
      request(server).get(`${API}/meshes/any/connection-grid`),
      request(server).post(`${API}/meshes/any/refresh`),
    ]) {
      const response = await call.set(
        'Authorization',
        mockCredentials.user.header(),
      );
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(
        /Missing permission cilium-clustermesh\.mesh\.(read|refresh)/,
      );
    }
  });

  it('registers its permissions with the permission framework', async () => {
    const { server } = await startTestBackend({
      features: [
        ciliumClusterMeshPlugin,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const response = await request(server)
      .get(`${API}/.well-known/backstage/permissions/metadata`)
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    expect(response.body.permissions.map((p: any) => p.name)).toEqual([
      'cilium-clustermesh.mesh.read',
      'cilium-clustermesh.mesh.refresh',
    ]);
  });
});

/** Tests refresh explicitly: the scheduled poll stays out of their way. */
function statusConfig() {
  return {
    schedule: {
      frequency: { minutes: 60 },
      timeout: { minutes: 1 },
      initialDelay: { minutes: 60 },
    },
    clusterTimeoutSeconds: CLUSTER_TIMEOUT_SECONDS,
    manualRefreshIntervalSeconds: 0.2,
  };
}
