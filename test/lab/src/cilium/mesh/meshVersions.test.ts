import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Lab } from '../../lab';
import { buildMesh, helm, SEED_CLUSTERS } from '../../presets';
import { parsePrometheusText } from '../status/__testUtils__/parsePrometheusText';
import { scrapeMetricsText } from './__testUtils__/meshObserver';

// Each test builds clusters through ARM, helm and the Kubernetes API: slow on a busy CI machine.
jest.setTimeout(60_000);

describe('a mesh of Cilium 1.16 and 1.20', () => {
  let lab: Lab;
  let workDir: string;
  let kubeconfigs: Record<string, string>;
  const [OLD, NEW] = [SEED_CLUSTERS[0], SEED_CLUSTERS[1]];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lab-versions-'));
    lab = await Lab.start({
      mesh: { propagationDelayMs: 30 },
      loadBalancerDelayMs: 20,
    });
    const built = await buildMesh(
      lab,
      [
        { ...OLD, chartVersion: '1.16.19' },
        { ...NEW, chartVersion: '1.20.0' },
      ],
      { workDir },
    );
    kubeconfigs = Object.fromEntries(
      built.map(cluster => [cluster.plan.aksName, cluster.kubeconfigFile]),
    );
  });

  afterAll(async () => {
    await lab?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  const agentFamilies = async (cluster: string) =>
    parsePrometheusText(
      await scrapeMetricsText(lab, cluster, 'k8s-app=cilium', 9962),
    );

  it('has each agent report its own version of the metrics, both peers ready', async () => {
    const old = await agentFamilies(OLD.aksName);
    const readinessOld = old.get(
      'cilium_clustermesh_remote_cluster_readiness_status',
    )!;
    expect(readinessOld.samples).toEqual([
      {
        labels: {
          source_cluster: 'cluster1',
          source_node_name: expect.stringMatching(
            /^aks-system-\d{8}-vmss\d{6}$/,
          ),
          target_cluster: 'cluster2',
        },
        value: 1,
      },
    ]);
    expect(old.has('cilium_clustermesh_global_services')).toBe(true);
    expect(old.has('cilium_clustermesh_remote_cluster_services')).toBe(false);

    const fresh = await agentFamilies(NEW.aksName);
    expect(
      fresh.get('cilium_clustermesh_remote_cluster_readiness_status')!.samples,
    ).toEqual([{ labels: { target_cluster: 'cluster1' }, value: 1 }]);
    expect(fresh.has('cilium_clustermesh_global_services')).toBe(false);
    expect(fresh.has('cilium_clustermesh_remote_cluster_services')).toBe(true);

    const kvstoremeshOld = parsePrometheusText(
      await scrapeMetricsText(
        lab,
        OLD.aksName,
        'k8s-app=clustermesh-apiserver',
        9964,
      ),
    );
    expect(
      kvstoremeshOld.get('cilium_kvstoremesh_remote_cluster_readiness_status')!
        .samples,
    ).toEqual([
      {
        labels: { source_cluster: 'cluster1', target_cluster: 'cluster2' },
        value: 1,
      },
    ]);
    const kvstoremeshNew = parsePrometheusText(
      await scrapeMetricsText(
        lab,
        NEW.aksName,
        'k8s-app=clustermesh-apiserver',
        9964,
      ),
    );
    expect(
      kvstoremeshNew.get('cilium_kvstoremesh_remote_cluster_readiness_status')!
        .samples,
    ).toEqual([{ labels: { target_cluster: 'cluster1' }, value: 1 }]);
  });

  it('keeps clustermesh.config.clusters in each chart version’s form', async () => {
    const valuesOf = async (cluster: string) =>
      JSON.parse(
        await helm([
          'get',
          'values',
          'cilium',
          '-n',
          'kube-system',
          '--kubeconfig',
          kubeconfigs[cluster],
          '-o',
          'json',
        ]),
      ).clustermesh.config.clusters;
    expect(await valuesOf(OLD.aksName)).toEqual([
      { name: 'cluster1', ips: [expect.any(String)], port: 2379 },
      { name: 'cluster2', ips: [expect.any(String)], port: 2379 },
    ]);
    expect(await valuesOf(NEW.aksName)).toEqual({
      cluster1: { ips: [expect.any(String)], port: 2379 },
      cluster2: { ips: [expect.any(String)], port: 2379 },
    });
  });
});
