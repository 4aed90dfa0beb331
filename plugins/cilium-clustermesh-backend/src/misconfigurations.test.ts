import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  buildMesh,
  Lab,
  labMeshConfig,
  MeshClusterPlan,
  SEED_CLUSTERS,
  upgradeCilium,
} from '@meshportal/lab';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ciliumClusterMeshPlugin } from './plugin';

// Each case builds its own three clusters through ARM, helm and the Kubernetes API.
jest.setTimeout(120_000);

type Built = Awaited<ReturnType<typeof buildMesh>>;

/** A fresh mesh per case (these changes are not undone), read once by the backend. */
async function problemsOf(
  plans: MeshClusterPlan[],
  breakIt: (lab: Lab, built: Built) => Promise<void> = async () => {},
) {
  const workDir = await mkdtemp(path.join(tmpdir(), 'backend-misconfig-'));
  const lab = await Lab.start({
    mesh: { propagationDelayMs: 30 },
    loadBalancerDelayMs: 20,
  });
  try {
    const built = await buildMesh(lab, plans, { workDir });
    await breakIt(lab, built);
    await lab.mesh.settled();
    const { server } = await startTestBackend({
      features: [
        ciliumClusterMeshPlugin,
        mockServices.rootConfig.factory({
          data: {
            ciliumClusterMesh: {
              meshes: [
                labMeshConfig(lab, {
                  name: 'broken',
                  title: 'Broken',
                  clusters: plans,
                }),
              ],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const response = await request(server)
      .get('/api/cilium-clustermesh/meshes/broken')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    return response.body.problems as {
      code: string;
      severity: string;
      clusters: string[];
      remediation: string;
    }[];
  } finally {
    await lab.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

const codes = (problems: { code: string; clusters: string[] }[]) =>
  problems.map(p => `${p.code} ${[...p.clusters].sort().join(',')}`);

const clusterFile = (built: Built, aksName: string) =>
  built.find(cluster => cluster.plan.aksName === aksName)!.kubeconfigFile;

describe('misconfigurations the backend reports', () => {
  it('reports a duplicate cluster id', async () => {
    const problems = await problemsOf(SEED_CLUSTERS, async (_lab, built) => {
      await upgradeCilium({
        kubeconfigFile: clusterFile(built, 'aks-ciliumlab3'),
        chartVersion: '1.20.0',
        set: ['cluster.id=1'],
      });
    });
    expect(codes(problems)).toContain('duplicate-cluster-id cluster1,cluster3');
  });

  it('reports overlapping pod CIDRs', async () => {
    const plans = SEED_CLUSTERS.map(plan =>
      plan.ciliumName === 'cluster3'
        ? { ...plan, podCidr: '10.1.128.0/17' }
        : plan,
    );
    const problems = await problemsOf(plans);
    expect(codes(problems)).toContain(
      'overlapping-pod-cidrs cluster1,cluster3',
    );
  });

  it('reports a cluster whose Cilium CA differs from the others', async () => {
    const problems = await problemsOf(SEED_CLUSTERS, lab =>
      lab.faults.replaceCiliumCa('aks-ciliumlab3'),
    );
    expect(codes(problems)).toContain('ca-mismatch cluster3');
  });

  it('reports a peer configured on one side only', async () => {
    const problems = await problemsOf(SEED_CLUSTERS, async (_lab, built) => {
      await upgradeCilium({
        kubeconfigFile: clusterFile(built, 'aks-ciliumlab'),
        chartVersion: '1.20.0',
        set: ['clustermesh.config.clusters.cluster3.enabled=false'],
      });
    });
    const oneSided = problems.filter(p => p.code === 'one-sided-peer');
    expect(codes(oneSided)).toEqual(['one-sided-peer cluster1,cluster3']);
    expect(oneSided[0].remediation).toContain('cluster1');
  });
});
