import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { Lab } from '@meshportal/lab';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClusterAccess } from '../azure/clusterAccess';
import { HelmError } from '../helm/helmError';
import { HelmRunner } from '../helm/helmRunner';
import {
  createLabAksCluster,
  kubeConfigFor,
  labHelmBinary,
  SCHEMA_DIRECTORY,
} from './__testUtils__/labAks';
import {
  ensureCiliumRelease,
  EnsureCiliumReleaseOptions,
  readCiliumRelease,
} from './ciliumRelease';
import { waitForClustermeshApiserverAddress } from './clustermeshApiserver';
import {
  CaKeyPair,
  caFingerprint,
  chooseMeshCa,
  createMeshCa,
  readClusterCa,
} from './meshCa';
import { CiliumValuesSchemas, ReleaseValues } from './valuesSchemas';

// Two AKS clusters through ARM, then helm as a separate process per call.
jest.setTimeout(60_000);

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** The seed's install values plus a shared CA and an internal load balancer. */
function installValues(
  access: ClusterAccess,
  cilium: { name: string; id: number; podCidr: string },
  ca: CaKeyPair,
): ReleaseValues {
  return {
    aksbyocni: { enabled: true },
    kubeProxyReplacement: 'true',
    k8sServiceHost: access.fqdn,
    k8sServicePort: '443',
    ipam: { operator: { clusterPoolIPv4PodCIDRList: [cilium.podCidr] } },
    cluster: { id: cilium.id, name: cilium.name },
    tls: { ca: { cert: base64(ca.certPem), key: base64(ca.keyPem) } },
    clustermesh: {
      useAPIServer: true,
      apiserver: {
        service: {
          type: 'LoadBalancer',
          annotations: {
            'service.beta.kubernetes.io/azure-load-balancer-internal': 'true',
          },
        },
      },
    },
  };
}

describe('the Cilium release, CA and clustermesh-apiserver against lab clusters', () => {
  let lab: Lab;
  let tempRoot: string;
  let helm: HelmRunner;
  let logged: string[];
  let one: ClusterAccess;
  let two: ClusterAccess;
  let kubeOne: KubeConfig;
  let kubeTwo: KubeConfig;
  let caOne: CaKeyPair;
  let caTwo: CaKeyPair;
  const schemas = new CiliumValuesSchemas(SCHEMA_DIRECTORY);

  beforeAll(async () => {
    lab = await Lab.start({
      mesh: { propagationDelayMs: 30 },
      loadBalancerDelayMs: 20,
    });
    tempRoot = await mkdtemp(path.join(tmpdir(), 'cilium-release-'));
    [one, two, caOne, caTwo] = await Promise.all([
      createLabAksCluster(lab, 'aks-helm-1', '10.1.0.0/16'),
      createLabAksCluster(lab, 'aks-helm-2', '10.2.0.0/16'),
      createMeshCa('mesh one'),
      createMeshCa('mesh two'),
    ]);
    kubeOne = kubeConfigFor(one);
    kubeTwo = kubeConfigFor(two);
  });

  beforeEach(() => {
    logged = [];
    helm = new HelmRunner({
      binary: labHelmBinary(),
      tempRoot,
      log: line => logged.push(line),
    });
  });

  afterAll(async () => {
    await lab?.stop();
    await rm(tempRoot, { recursive: true, force: true });
  });

  const valuesOne = () =>
    installValues(
      one,
      { name: 'cluster1', id: 1, podCidr: '10.1.0.0/16' },
      caOne,
    );
  const ensureOne = (options: Partial<EnsureCiliumReleaseOptions> = {}) =>
    ensureCiliumRelease(helm, one, {
      chartVersion: '1.20.0',
      desiredValues: valuesOne,
      schemas,
      ...options,
    });
  const history = async (access: ClusterAccess) =>
    JSON.parse(
      (
        await helm.run(
          ['history', 'cilium', '-n', 'kube-system', '-o', 'json'],
          {
            access,
          },
        )
      ).stdout,
    ) as { revision: number; status: string }[];
  const upgrades = () =>
    logged.filter(line => /^helm upgrade .*\(cluster [-a-z0-9]+\)$/.test(line));

  it('finds no release and no clustermesh-apiserver before the first install', async () => {
    await expect(readCiliumRelease(helm, one)).resolves.toBeUndefined();
    await expect(
      waitForClustermeshApiserverAddress(kubeOne, {
        timeoutMs: 300,
        pollIntervalMs: 50,
      }),
    ).rejects.toThrow(
      'Service kube-system/clustermesh-apiserver does not exist in aks-helm-1 after 0.3 s: Cilium must be installed with clustermesh.useAPIServer=true',
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    const started = Date.now();
    await expect(
      waitForClustermeshApiserverAddress(kubeOne, {
        timeoutMs: 30_000,
        pollIntervalMs: 5_000,
        signal: controller.signal,
      }),
    ).rejects.toThrow('user cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('installs and reads back the release', async () => {
    await expect(ensureOne({ wait: true })).resolves.toEqual({
      changed: true,
      revision: 1,
      previousRevision: undefined,
    });
    expect(upgrades()).toEqual([
      'helm upgrade --install cilium cilium --repo https://helm.cilium.io --version 1.20.0 -n kube-system -f values.json --wait --timeout 600s -o json (cluster aks-helm-1)',
    ]);
    await expect(readCiliumRelease(helm, one)).resolves.toEqual({
      chartVersion: '1.20.0',
      revision: 1,
      status: 'deployed',
      values: valuesOne(),
    });
  });

  it('leaves an equal release alone: no upgrade, same revision, same history', async () => {
    const seen: (ReleaseValues | undefined)[] = [];
    await expect(
      ensureOne({
        desiredValues: current => {
          seen.push(current);
          return valuesOne();
        },
      }),
    ).resolves.toEqual({ changed: false, revision: 1 });
    expect(seen).toEqual([valuesOne()]);
    expect(upgrades()).toEqual([]);
    expect(await history(one)).toEqual([
      expect.objectContaining({ revision: 1, status: 'deployed' }),
    ]);
  });

  it('upgrades with the full values when they change, and only then', async () => {
    const withPeers = (current?: ReleaseValues) => ({
      ...current,
      clustermesh: {
        ...(current?.clustermesh as object),
        config: {
          enabled: true,
          clusters: { cluster2: { ips: ['10.224.0.200'], port: 2379 } },
        },
      },
    });
    await expect(ensureOne({ desiredValues: withPeers })).resolves.toEqual({
      changed: true,
      revision: 2,
      previousRevision: 1,
    });
    await expect(ensureOne({ desiredValues: withPeers })).resolves.toEqual({
      changed: false,
      revision: 2,
    });
    expect(upgrades()).toHaveLength(1);
    const release = await readCiliumRelease(helm, one);
    expect(release?.values).toEqual(withPeers(valuesOne()));
    expect((await history(one)).map(r => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
    ]);
  });

  it('refuses values that break the chart schema before helm upgrades', async () => {
    const error = await ensureOne({
      desiredValues: () => ({
        ...valuesOne(),
        cluster: { id: 'x', name: 'cluster1' },
      }),
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'values.cluster.id: must be integer, not string. Fix: write the integer without quotes',
    );
    expect(upgrades()).toEqual([]);
    expect(await history(one)).toHaveLength(2);
  });

  it('refuses a chart version carrying flags before running helm at all', async () => {
    const error = await ensureOne({
      chartVersion: '1.20.0 --post-renderer /tmp/x',
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'chartVersion: "1.20.0 --post-renderer /tmp/x" is not a valid chart version. Fix: use an exact chart version such as 1.20.0',
    );
    expect(logged).toEqual([]);
  });

  it('reports a helm failure without secrets and leaves no temp files', async () => {
    lab.faults.failHelm('aks-helm-1');
    const error = await ensureOne({
      desiredValues: current => ({ ...current, prometheus: { enabled: true } }),
    }).catch(e => e);
    expect(error).toBeInstanceOf(HelmError);
    // The lab fails storing the release as an overloaded etcd would.
    expect(error.message).toBe(
      'helm upgrade on aks-helm-1 failed: etcdserver: request timed out',
    );
    expect(error.details).toMatchObject({ failure: 'failed', exitCode: 1 });
    const everything = `${error.message}\n${error.details.stderr}`;
    for (const secret of [
      base64(caOne.keyPem),
      caOne.keyPem.split('\n')[1],
      (one.credentials as { clientKeyData: string }).clientKeyData.slice(0, 40),
      'PRIVATE KEY',
      tempRoot,
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('goes through on the next attempt, as the failed one stored nothing', async () => {
    await expect(
      ensureOne({
        desiredValues: current => ({
          ...current,
          prometheus: { enabled: true },
        }),
      }),
    ).resolves.toMatchObject({ changed: true, revision: 3 });
  });

  it('reads the CA the release was given back from cilium-ca', async () => {
    const ca = await readClusterCa(kubeOne);
    expect(caFingerprint(ca!.certPem)).toBe(caFingerprint(caOne.certPem));
    expect(ca!.keyPem.trim()).toBe(caOne.keyPem.trim());
    await expect(readClusterCa(kubeTwo)).resolves.toBeUndefined();
  });

  it('returns the internal load-balancer address and port of the clustermesh-apiserver', async () => {
    await expect(
      waitForClustermeshApiserverAddress(kubeOne, {
        timeoutMs: 10_000,
        pollIntervalMs: 50,
      }),
    ).resolves.toEqual({
      ips: [expect.stringMatching(/^10\.224\.\d+\.\d+$/)],
      port: 2379,
    });
  });

  it('waits while the load balancer is pending, says what to check, and returns once Azure assigns it', async () => {
    lab.faults.setLoadBalancerPending('aks-helm-2', true);
    await ensureCiliumRelease(helm, two, {
      chartVersion: '1.20.0',
      desiredValues: () =>
        installValues(
          two,
          { name: 'cluster2', id: 2, podCidr: '10.2.0.0/16' },
          caTwo,
        ),
    });
    const waiting: string[] = [];
    const error = await waitForClustermeshApiserverAddress(kubeTwo, {
      timeoutMs: 400,
      pollIntervalMs: 50,
      onWaiting: state => waiting.push(state.reason),
    }).catch(e => e);
    expect(error.message).toMatch(
      /^The load balancer of Service kube-system\/clustermesh-apiserver in aks-helm-2 is still pending after 0.4 s \(no status.loadBalancer.ingress IP\)\. Check the Service's events/,
    );
    expect(error.message).toContain('Network Contributor on the node subnet');
    expect(new Set(waiting)).toEqual(new Set(['loadBalancerPending']));

    lab.faults.setLoadBalancerPending('aks-helm-2', false);
    await expect(
      waitForClustermeshApiserverAddress(kubeTwo, {
        timeoutMs: 10_000,
        pollIntervalMs: 50,
      }),
    ).resolves.toMatchObject({ port: 2379 });
  });

  it('refuses to mesh clusters holding different CAs, and reuses a shared one', async () => {
    const found = [
      { cluster: 'aks-helm-1', ca: await readClusterCa(kubeOne) },
      { cluster: 'aks-helm-2', ca: await readClusterCa(kubeTwo) },
    ];
    expect(() => chooseMeshCa(found)).toThrow(
      /^Clusters hold different Cilium CAs: aks-helm-1 \(CA .*\) and aks-helm-2 \(CA .*\)\. ClusterMesh needs one CA on every cluster\. Fix: /,
    );
    expect(chooseMeshCa([found[0], { cluster: 'aks-new' }])).toMatchObject({
      kind: 'reuse',
      clusters: ['aks-helm-1'],
      fingerprint: caFingerprint(caOne.certPem),
    });
  });
});
