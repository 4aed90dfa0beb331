import { CoreV1Api, Exec, KubeConfig, V1Status } from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Lab } from '../../lab';
import { applySeedPreset, SEED_NAMESPACE, SEED_SERVICE } from '../../presets';
import { agreedReadiness, scrapeReadiness } from './__testUtils__/meshObserver';

// Each test builds clusters through ARM, helm and the Kubernetes API: slow on a busy CI machine.
jest.setTimeout(60_000);

const [C1, C2, C3] = ['aks-ciliumlab', 'aks-ciliumlab2', 'aks-ciliumlab3'];

describe('the seed mesh', () => {
  let lab: Lab;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'lab-seed-'));
    lab = await Lab.start({
      mesh: { propagationDelayMs: 30 },
      loadBalancerDelayMs: 20,
    });
    await applySeedPreset(lab, { workDir });
  });

  afterAll(async () => {
    await lab?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    lab.faults.heal();
    await lab.mesh.settled();
  });

  const servedFrom = (cluster: string) =>
    [
      ...new Set(
        lab.mesh
          .backendsFor(cluster, SEED_NAMESPACE, SEED_SERVICE)
          .map(backend => backend.cluster),
      ),
    ].sort();

  it('comes up with every agent in every cluster reporting both peers ready', async () => {
    const expected: Record<string, Record<string, number>> = {
      [C1]: { cluster2: 1, cluster3: 1 },
      [C2]: { cluster1: 1, cluster3: 1 },
      [C3]: { cluster1: 1, cluster2: 1 },
    };
    for (const [cluster, peers] of Object.entries(expected)) {
      const byPod = await scrapeReadiness(lab, cluster);
      expect(byPod.size).toBe(3);
      for (const readiness of byPod.values()) expect(readiness).toEqual(peers);
      expect(
        Object.values(
          Object.fromEntries(
            await scrapeReadiness(lab, cluster, 'kvstoremesh'),
          ),
        ),
      ).toEqual([peers]);
    }
  });

  it('loses exactly cluster3→cluster1 on a one-way partition, and heals', async () => {
    lab.faults.partition(C3, C1);
    await lab.mesh.settled();
    expect(await agreedReadiness(lab, C3)).toEqual({
      cluster1: 0,
      cluster2: 1,
    });
    expect(await agreedReadiness(lab, C1)).toEqual({
      cluster2: 1,
      cluster3: 1,
    });
    expect(await agreedReadiness(lab, C2)).toEqual({
      cluster1: 1,
      cluster3: 1,
    });
    expect(
      lab.mesh
        .links()
        .filter(link => !link.ready && link.layer === 'kvstoremesh'),
    ).toEqual([
      expect.objectContaining({
        from: C3,
        to: 'cluster1',
        reason: expect.stringMatching(
          /^dial tcp 172\.21\.10\.\d+:2379: i\/o timeout$/,
        ),
      }),
    ]);

    lab.faults.heal();
    await lab.mesh.settled();
    expect(await agreedReadiness(lab, C3)).toEqual({
      cluster1: 1,
      cluster2: 1,
    });
  });

  it('serves the global service as the seed describes', async () => {
    expect(servedFrom(C2)).toEqual(['cluster3']);
    expect(servedFrom(C3)).toEqual(['cluster2', 'cluster3']);
    expect(servedFrom(C1)).toEqual(['cluster1', 'cluster2', 'cluster3']);
  });

  it("moves cluster2's clients home after the propagation delay when its affinity turns local", async () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      namespace: SEED_NAMESPACE,
      name: SEED_SERVICE,
    };
    lab.cluster(C2).objects.patch(service, {
      metadata: { annotations: { 'service.cilium.io/affinity': 'local' } },
    });
    expect(servedFrom(C2)).toEqual(['cluster3']);
    await lab.mesh.settled();
    expect(servedFrom(C2)).toEqual(['cluster2']);

    lab.cluster(C2).objects.patch(service, {
      metadata: { annotations: { 'service.cilium.io/affinity': 'remote' } },
    });
    await lab.mesh.settled();
    expect(servedFrom(C2)).toEqual(['cluster3']);
  });

  it('answers the status commands cilium-cli execs, for identities allowed pods/exec only', async () => {
    const run = async (
      kubeconfig: string,
      selector: string,
      container: string,
      command: string[],
    ) => {
      const config = new KubeConfig();
      config.loadFromString(kubeconfig);
      const core = config.makeApiClient(CoreV1Api);
      const pod = (
        await core.listNamespacedPod({
          namespace: 'kube-system',
          labelSelector: selector,
        })
      ).items[0];
      let stdout = '';
      const sink = new Writable({
        write(chunk, _encoding, done) {
          stdout += chunk.toString();
          done();
        },
      });
      const status = await new Promise<V1Status>((resolve, reject) => {
        new Exec(config)
          .exec(
            'kube-system',
            pod.metadata!.name!,
            container,
            command,
            sink,
            null,
            null,
            false,
            resolve,
          )
          .catch(reject);
      });
      return { status, stdout };
    };
    const admin = lab.cluster(C2).adminKubeconfig();
    const agent = await run(admin, 'k8s-app=cilium', 'cilium-agent', [
      'cilium-dbg',
      'status',
      '-o',
      'json',
    ]);
    expect(agent.status.status).toBe('Success');
    const clusters = JSON.parse(agent.stdout)['cluster-mesh'].clusters;
    expect(
      clusters.map((peer: { name: string; ready?: boolean }) => [
        peer.name,
        peer.ready,
      ]),
    ).toEqual([
      ['cluster1', true],
      ['cluster3', true],
    ]);

    const kvstoremesh = await run(
      admin,
      'k8s-app=clustermesh-apiserver',
      'kvstoremesh',
      [
        '/usr/bin/clustermesh-apiserver',
        'kvstoremesh-dbg',
        'status',
        '-o',
        'json',
      ],
    );
    expect(JSON.parse(kvstoremesh.stdout)).toEqual([
      expect.objectContaining({ name: 'cluster1', ready: true }),
      expect.objectContaining({ name: 'cluster3', ready: true }),
    ]);

    // Exec is root on the node: the read-only identity must not have it.
    await expect(
      run(
        lab.cluster(C2).readOnlyKubeconfig(),
        'k8s-app=cilium',
        'cilium-agent',
        ['cilium-dbg', 'status', '-o', 'json'],
      ),
    ).rejects.toMatchObject({ message: 'Unexpected server response: 403' });
  });
});
