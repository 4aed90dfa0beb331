/* eslint-disable no-console */
// `npm run bench`: the status backend against the lab's `scale` preset with
// added API latency. Figures and ratios, not assertions: read them, compare runs.
import { applyScalePreset, Lab, labMeshConfig } from '@meshportal/lab';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 255);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 2000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = 16;
const EXTRA_SERVICES = 1000;
const GETS = 200;
const FULL_REFRESHES = 3;
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 768);
// A larger young generation: a refresh allocates ~100 MB of short-lived
// strings and objects, which 16 MB semi-spaces promote and then collect in
// full collections (the backend README recommends the same for big meshes).
const SEMI_SPACE_MB = Number(process.env.BENCH_SEMI_SPACE_MB ?? 32);

/** CPU seconds a process has used so far (user + system). */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8'))
    .split(') ')[1]
    .split(' ');
  // utime and stime, fields 14 and 15 of proc(5), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function startBackend(configFile: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      // The heap a production backend for meshes this size is given (see the
      // README); without a cap V8 grows lazily towards a quarter of the RAM.
      `--max-old-space-size=${HEAP_MB}`,
      `--max-semi-space-size=${SEMI_SPACE_MB}`,
      // BENCH_NODE_FLAGS: more V8/Node flags to compare, e.g. GC settings.
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      // BENCH_HEAP_SNAPSHOT=1 writes a heap snapshot after the full refresh.
      ...(process.env.BENCH_HEAP_SNAPSHOT
        ? ['--heapsnapshot-signal=SIGUSR2']
        : []),
      // BENCH_CPU_PROF=<dir> writes the backend's CPU profile there on exit.
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'backendServer.ts'),
      '--config',
      configFile,
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  child.stderr?.resume();
  return child;
}

async function main() {
  const workDir = await mkdtemp(path.join(tmpdir(), 'status-bench-'));
  const lab = await Lab.start();
  let backend: ChildProcess | undefined;
  try {
    console.log(
      `status bench: building the scale preset (${CLUSTERS} clusters, ${SERVICES} global services in 3 clusters each)`,
    );
    const clusters = await applyScalePreset(lab, {
      workDir,
      clusters: CLUSTERS,
      globalServices: SERVICES,
      nodesPerCluster: 3,
    });
    const scaleMesh = labMeshConfig(lab, {
      name: 'scale-mesh',
      title: 'Scale mesh',
      clusters,
    });
    const singleMesh = {
      ...scaleMesh,
      name: 'single',
      clusters: [scaleMesh.clusters[0]],
    };
    const port = await freePort();
    const token = randomBytes(24).toString('hex');
    const configFile = path.join(workDir, 'bench-config.yaml');
    await writeFile(
      configFile,
      stringify({
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          auth: {
            externalAccess: [
              { type: 'static', options: { token, subject: 'bench' } },
            ],
          },
        },
        permission: { enabled: false },
        ciliumClusterMesh: {
          meshes: [scaleMesh, singleMesh],
          status: {
            concurrency: CONCURRENCY,
            clusterTimeoutSeconds: 30,
            manualRefreshIntervalSeconds: 0.1,
            schedule: {
              frequency: { hours: 1 },
              timeout: { minutes: 10 },
              initialDelay: { hours: 1 },
            },
          },
        },
      }),
      { mode: 0o600 },
    );
    for (const { aksName } of clusters) {
      lab.faults.setApiServerLatency(aksName, LATENCY_MS);
    }

    backend = await startBackend(configFile);
    const base = `http://127.0.0.1:${port}/api/cilium-clustermesh`;
    const headers = { authorization: `Bearer ${token}` };
    await waitForBackend(base, headers);
    // The high-water mark after each phase shows which one set the peak.
    const peaks: [string, number][] = [];
    const notePeak = async (phase: string) =>
      peaks.push([phase, await peakRssMiB(backend!.pid!)]);
    await notePeak('start');
    const call = async (method: string, url: string) => {
      const started = performance.now();
      const response = await fetch(`${base}${url}`, { method, headers });
      const body = await response.text();
      if (!response.ok)
        throw new Error(
          `${method} ${url}: ${response.status} ${body.slice(0, 300)}`,
        );
      return { ms: performance.now() - started, bytes: body.length, body };
    };
    const sleep = (ms: number) =>
      new Promise(resolve => setTimeout(resolve, ms));

    // The per-cluster floor: one cluster alone, with the same latency; the
    // fastest of five after two warm-ups, so noise cannot lower the ratio.
    const singles: number[] = [];
    for (let i = 0; i < 7; i++) {
      const { ms } = await call('POST', '/meshes/single/refresh');
      if (i >= 2) singles.push(ms);
      await sleep(150);
    }
    const single = Math.min(...singles);
    const lowerBound = Math.ceil(CLUSTERS / CONCURRENCY) * single;

    // The first read opens connections; the scheduler's steady state follows.
    // Several refreshes, since a full garbage collection lands in some of
    // them and not in others: the median is the typical one.
    await notePeak('one cluster');
    const cold = await call('POST', '/meshes/scale-mesh/refresh');
    await notePeak('first refresh');
    await sleep(150);
    const probe = lab.cluster(clusters[0].aksName).recordTraffic();
    const refreshes: {
      ms: number;
      body: string;
      backendCpu: number;
      labCpu: number;
    }[] = [];
    for (let i = 0; i < FULL_REFRESHES; i++) {
      const backendCpuBefore = await cpuSeconds(backend.pid!);
      const labCpuBefore = process.cpuUsage();
      const { ms, body } = await call('POST', '/meshes/scale-mesh/refresh');
      const labCpu = process.cpuUsage(labCpuBefore);
      refreshes.push({
        ms,
        body,
        backendCpu: (await cpuSeconds(backend.pid!)) - backendCpuBefore,
        labCpu: (labCpu.user + labCpu.system) / 1e6,
      });
      if (i === 0) probe.stop();
      await sleep(150);
    }
    await notePeak('refreshes');
    const full = [...refreshes].sort((a, b) => a.ms - b.ms)[
      Math.floor(FULL_REFRESHES / 2)
    ];
    const { backendCpu, labCpu } = full;
    if (process.env.BENCH_HEAP_SNAPSHOT) {
      backend.kill('SIGUSR2');
      await sleep(20_000);
    }
    const status = JSON.parse(full.body);
    const { total: connectionCount, connected } = status.connectionCounts;

    // Requests do not grow with Services beyond list pages: add 1,000 to one cluster.
    const countRequests = async () => {
      await sleep(150);
      const traffic = lab.cluster(clusters[0].aksName).recordTraffic();
      await call('POST', '/meshes/single/refresh');
      traffic.stop();
      return traffic.requests.length;
    };
    const requestsBefore = await countRequests();
    const objects = lab.cluster(clusters[0].aksName).objects;
    for (let i = 0; i < EXTRA_SERVICES; i++) {
      objects.create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: `extra-${i}`,
          namespace: 'default',
          annotations: { 'service.cilium.io/global': 'true' },
        },
        spec: { ports: [{ port: 80 }], selector: { app: `extra-${i}` } },
      });
    }
    const requestsAfter = await countRequests();

    const gets: Record<string, number[]> = {};
    const sizes: Record<string, number> = {};
    for (const url of [
      '/meshes',
      '/meshes/scale-mesh',
      '/meshes/scale-mesh/connections',
      '/meshes/scale-mesh/connection-grid',
      '/meshes/scale-mesh/global-services',
      `/meshes/scale-mesh/clusters/${clusters[0].ciliumName}`,
      '/meshes/scale-mesh/history?limit=100',
    ]) {
      gets[url] = [];
      for (let i = 0; i < GETS; i++) {
        const { ms, bytes } = await call('GET', url);
        gets[url].push(ms);
        sizes[url] = bytes;
      }
    }
    await notePeak('cached GETs');
    const rss = await peakRssMiB(backend.pid!);

    console.log(
      `status bench: ${CLUSTERS} clusters, ${SERVICES} global services, API latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`,
    );
    console.log(
      `  one cluster alone: ${single.toFixed(0)} ms (fastest of ${singles
        .map(s => s.toFixed(0))
        .join(', ')})`,
    );
    console.log(
      `  first full refresh (new connections): ${(cold.ms / 1000).toFixed(
        1,
      )} s`,
    );
    console.log(
      `  full refresh (median of ${refreshes
        .map(r => (r.ms / 1000).toFixed(1))
        .join(', ')} s): ${(full.ms / 1000).toFixed(
        1,
      )} s; parallel lower bound ceil(${CLUSTERS}/${CONCURRENCY}) × ${single.toFixed(
        0,
      )} ms = ${(lowerBound / 1000).toFixed(1)} s; ratio ${(
        full.ms / lowerBound
      ).toFixed(2)} (target ≤ 2)`,
    );
    console.log(
      `  CPU during that refresh: backend ${backendCpu.toFixed(
        1,
      )} s, lab ${labCpu.toFixed(
        1,
      )} s, on ${availableParallelism()} cores shared by both`,
    );
    console.log(
      `  ${connectionCount} connections, ${connected} connected, ${status.problems.length} problems`,
    );
    console.log(
      `  Kubernetes requests per cluster per refresh: ${probe.requests.length} (${probe.connections} new TLS connections); one cluster with ${EXTRA_SERVICES} more Services: ${requestsBefore} → ${requestsAfter} (lists are paged by 500)`,
    );
    for (const [url, times] of Object.entries(gets)) {
      console.log(
        `  cached GET ${url}: p50 ${percentile(times, 50).toFixed(
          1,
        )} ms, p95 ${percentile(times, 95).toFixed(1)} ms (target < 50), ${(
          sizes[url] / 1024
        ).toFixed(0)} KiB`,
      );
    }
    console.log(
      `  backend peak RSS: ${rss} MiB with --max-old-space-size=${HEAP_MB} --max-semi-space-size=${SEMI_SPACE_MB} (target < 1024); after each phase: ${peaks
        .map(([phase, mib]) => `${phase} ${mib}`)
        .join(', ')} MiB`,
    );
  } finally {
    backend?.kill('SIGTERM');
    await lab.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function waitForBackend(base: string, headers: Record<string, string>) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/health`, { headers });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error('the backend did not come up within 120 s');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
