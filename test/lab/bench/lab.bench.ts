/* eslint-disable no-console */
// `npm run bench`: how the lab holds up at the sizes our plugins are tested at.
// Figures, not assertions: read them, compare runs.
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ClientSecretCredential } from '@azure/identity';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Lab } from '../src/lab';
import { applyScalePreset } from '../src/presets';

const CLUSTERS = 50;
const LISTS = 10_000;
const CONCURRENCY = 8;

function rssMiB(): number {
  return Math.round(process.memoryUsage().rss / 2 ** 20);
}

async function inParallel<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

async function benchArm(lab: Lab) {
  const tls = { tlsOptions: { ca: lab.arm.caPem } };
  const credential = new ClientSecretCredential(
    lab.arm.tenantId,
    lab.arm.clientId,
    lab.arm.clientSecret,
    {
      authorityHost: lab.arm.endpoint,
      disableInstanceDiscovery: true,
      ...tls,
    },
  );
  const aks = new ContainerServiceClient(credential, lab.arm.subscriptionId, {
    endpoint: lab.arm.endpoint,
    ...tls,
  });
  const rssBefore = rssMiB();
  const started = performance.now();
  await inParallel(CLUSTERS, 10, async index => {
    const name = `bench-${index}`;
    const resourceGroup = `rg-bench-${index % 5}`;
    if (index < 5) {
      await fetchResourceGroup(lab, credential, resourceGroup);
    }
    await aks.managedClusters.createOrUpdate(
      resourceGroup,
      name,
      {
        location: 'westeurope',
        dnsPrefix: name,
        kubernetesVersion: '1.33',
        agentPoolProfiles: [
          {
            name: 'system',
            mode: 'System',
            count: 3,
            vmSize: 'Standard_D4s_v5',
          },
        ],
        networkProfile: {
          networkPlugin: 'none',
          podCidr: `10.${100 + index}.0.0/16`,
          serviceCidr: '10.0.0.0/16',
          dnsServiceIP: '10.0.0.10',
        },
      },
      { updateIntervalInMs: 5 },
    );
    await aks.managedClusters.listClusterAdminCredentials(resourceGroup, name);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `ARM: ${CLUSTERS} BYOCNI clusters created (LRO to Succeeded, API server up) + admin credentials in ${seconds.toFixed(
      2,
    )} s`,
  );
  console.log(
    `     ${(CLUSTERS / seconds).toFixed(
      1,
    )} clusters/s; RSS ${rssBefore} MiB -> ${rssMiB()} MiB (${(
      (rssMiB() - rssBefore) /
      CLUSTERS
    ).toFixed(1)} MiB per cluster)`,
  );
}

async function fetchResourceGroup(
  lab: Lab,
  credential: ClientSecretCredential,
  name: string,
) {
  const token = await credential.getToken(
    'https://management.azure.com/.default',
  );
  const response = await fetchWithCa(
    lab,
    `${lab.arm.endpoint}/subscriptions/${lab.arm.subscriptionId}/resourcegroups/${name}?api-version=2021-04-01`,
    token!.token,
    JSON.stringify({ location: 'westeurope' }),
  );
  if (response >= 300)
    throw new Error(`resource group ${name}: HTTP ${response}`);
}

function fetchWithCa(
  lab: Lab,
  url: string,
  token: string,
  body: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'PUT',
        ca: lab.arm.caPem,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function benchKubeLists(lab: Lab) {
  const cluster = lab.clusters()[0];
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(cluster.adminKubeconfig());
  const core = kubeConfig.makeApiClient(CoreV1Api);
  for (let i = 0; i < 50; i++) {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: {
        metadata: { name: `bench-${i}`, labels: { bench: 'yes' } },
        data: { i: String(i) },
      },
    });
  }
  const rssBefore = rssMiB();
  let started = performance.now();
  await inParallel(LISTS, CONCURRENCY, () =>
    core.listNamespacedConfigMap({
      namespace: 'default',
      labelSelector: 'bench=yes',
    }),
  );
  const clientSeconds = (performance.now() - started) / 1000;
  console.log(
    `Kubernetes API: ${LISTS} lists of 50 ConfigMaps through @kubernetes/client-node in ${clientSeconds.toFixed(
      2,
    )} s = ${(LISTS / clientSeconds).toFixed(
      0,
    )} req/s; RSS ${rssBefore} -> ${rssMiB()} MiB`,
  );

  // The same requests over kept-alive connections: the server's own capacity,
  // without client-node's new TLS handshake per request.
  const url = new URL(cluster.apiServerUrl);
  const user = kubeConfig.getCurrentUser()!;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: CONCURRENCY,
    ca: cluster.caPem,
    cert: Buffer.from(user.certData!, 'base64'),
    key: Buffer.from(user.keyData!, 'base64'),
  });
  started = performance.now();
  await inParallel(
    LISTS,
    CONCURRENCY,
    () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: '/api/v1/namespaces/default/configmaps?labelSelector=bench%3Dyes',
            agent,
          },
          res => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200
                ? resolve()
                : reject(new Error(`HTTP ${res.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
        req.end();
      }),
  );
  const serverSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  console.log(
    `                ${LISTS} lists over keep-alive HTTPS in ${serverSeconds.toFixed(
      2,
    )} s = ${(LISTS / serverSeconds).toFixed(0)} req/s; RSS ${rssMiB()} MiB`,
  );
  console.log(
    `                ratio client-node / keep-alive time: ${(
      clientSeconds / serverSeconds
    ).toFixed(1)}x (per-request TLS handshakes in client-node 1.4)`,
  );
}

// The scale target: 255 clusters x 3 nodes x 2,000 global services in under 60 s and 3 GB.
const SCALE = {
  clusters: Number(process.env.BENCH_SCALE_CLUSTERS ?? 255),
  nodesPerCluster: 3,
  globalServices: Number(process.env.BENCH_SCALE_SERVICES ?? 2000),
};
const SCALE_TARGET_SECONDS = 60;
const SCALE_TARGET_MIB = 3 * 1024;

async function benchScale() {
  const workDir = await mkdtemp(path.join(tmpdir(), 'lab-bench-'));
  let peakRss = rssMiB();
  const sampler = setInterval(
    () => (peakRss = Math.max(peakRss, rssMiB())),
    200,
  );
  const rssBefore = rssMiB();
  const started = performance.now();
  // The default propagation delay (3 s), as in a real mesh.
  const lab = await Lab.start({ loadBalancerDelayMs: 50 });
  try {
    await applyScalePreset(lab, { ...SCALE, workDir });
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, rssMiB());
    const links = lab.mesh.links();
    const ready = links.filter(link => link.ready).length;
    console.log(
      `Scale preset: ${SCALE.clusters} clusters x ${
        SCALE.nodesPerCluster
      } nodes x ${
        SCALE.globalServices
      } global services (3 clusters each) up in ${seconds.toFixed(1)} s; ` +
        `${ready}/${
          links.length
        } links ready; RSS ${rssBefore} -> ${rssMiB()} MiB, peak ${peakRss} MiB`,
    );
    console.log(
      `              ratio to target: time ${(
        seconds / SCALE_TARGET_SECONDS
      ).toFixed(2)} of ${SCALE_TARGET_SECONDS} s, memory ${(
        peakRss / SCALE_TARGET_MIB
      ).toFixed(2)} of ${SCALE_TARGET_MIB} MiB`,
    );
    const cluster = lab.clusters()[0];
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(cluster.readOnlyKubeconfig());
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({
      namespace: 'kube-system',
      labelSelector: 'k8s-app=cilium',
    });
    const scrapeStarted = performance.now();
    let bytes = 0;
    for (const pod of pods.items) {
      const text = await core.connectGetNamespacedPodProxyWithPath({
        name: `${pod.metadata!.name}:9962`,
        namespace: 'kube-system',
        path: 'metrics',
      });
      bytes += String(text).length;
    }
    const scrapeMs = performance.now() - scrapeStarted;
    console.log(
      `              agent metrics of ${cluster.name} through pods/proxy: ${
        pods.items.length
      } scrapes, ${(bytes / 1024).toFixed(0)} KiB in ${scrapeMs.toFixed(0)} ms`,
    );
  } finally {
    clearInterval(sampler);
    await lab.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(
    `lab benchmark on Node ${process.version}, RSS at start ${rssMiB()} MiB`,
  );
  const lab = await Lab.start();
  try {
    await benchArm(lab);
    await benchKubeLists(lab);
  } finally {
    await lab.stop();
  }
  await benchScale();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
