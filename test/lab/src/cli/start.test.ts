import { ClientSecretCredential } from '@azure/identity';
import { ConfigReader } from '@backstage/config';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runLabBinary } from '../__testUtils__/processes';
import { PORTAL_CONFIG_FILE, READY_FILE, startLab } from './start';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

describe('lab start', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-state-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the portal config only the owner can read, then says it is up', async () => {
    const stateDir = path.join(dir, '.lab');
    const stop = await startLab(stateDir, () => {}, { preset: 'empty' });
    try {
      expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
      const configFile = path.join(stateDir, PORTAL_CONFIG_FILE);
      expect((await stat(configFile)).mode & 0o777).toBe(0o600);

      const config = new ConfigReader(
        parse(await readFile(configFile, 'utf8')),
      );
      const endpoint = config.getString(
        'ciliumClusterMesh.azure.resourceManagerEndpoint',
      );
      expect(endpoint).toMatch(/^https:\/\/127\.\d+\.\d+\.\d+:\d+$/);
      expect(
        config.getString('ciliumClusterMesh.azure.clientSecret').length,
      ).toBeGreaterThan(20);
      const caFile = config.getString('ciliumClusterMesh.azure.caFile');
      expect(await readFile(caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(config.getString('ciliumClusterMesh.helm.binary')).toMatch(
        /test\/lab\/bin\/helm$/,
      );

      const ready = JSON.parse(
        await readFile(path.join(stateDir, READY_FILE), 'utf8'),
      );
      expect((await stat(path.join(stateDir, READY_FILE))).mode & 0o777).toBe(
        0o600,
      );
      expect(ready).toEqual({
        pid: process.pid,
        resourceManagerEndpoint: endpoint,
        configFile,
        preset: 'empty',
        control: {
          url: expect.stringMatching(/^http:\/\/127\.\d+\.\d+\.\d+:\d+$/),
          token: expect.stringMatching(/^[0-9a-f]{48}$/),
        },
      });
      expect(JSON.stringify(ready)).not.toContain(
        config.getString('ciliumClusterMesh.azure.clientSecret'),
      );
    } finally {
      await stop();
    }
    await expect(stat(path.join(stateDir, READY_FILE))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  }, 30_000);

  it('switches faults in the running lab from the command line', async () => {
    const stateDir = path.join(dir, '.lab');
    const stop = await startLab(stateDir, () => {}, { preset: 'empty' });
    const cli = (...args: string[]) =>
      runLabBinary('lab', [...args, '--state-dir', stateDir]);
    try {
      const help = await cli('fault', '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^ {2}replace-ca {2,}recreate cilium-ca/m);

      const unknown = await cli('fault', 'meteor-strike', '--cluster', 'x');
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toContain('unknown fault \\"meteor-strike\\"');

      const incomplete = await cli('fault', 'partition', '--from', 'a');
      expect(incomplete.code).toBe(1);
      expect(incomplete.stdout).toContain('needs --to');

      const noSuchCluster = await cli(
        'fault',
        'lb-pending',
        '--cluster',
        'nope',
      );
      expect(noSuchCluster.code).toBe(1);
      expect(noSuchCluster.stdout).toContain('no running cluster named nope');

      const throttled = await cli('fault', 'arm-throttle', '--count', '1');
      expect(throttled).toMatchObject({ code: 0 });
      const config = parse(
        await readFile(path.join(stateDir, PORTAL_CONFIG_FILE), 'utf8'),
      );
      const azure = config.ciliumClusterMesh.azure;
      const ca = await readFile(azure.caFile, 'utf8');
      const credential = new ClientSecretCredential(
        azure.tenantId,
        azure.clientId,
        azure.clientSecret,
        {
          authorityHost: azure.authorityHost,
          disableInstanceDiscovery: true,
          tlsOptions: { ca },
        },
      );
      const token = await credential.getToken(
        'https://management.azure.com/.default',
      );
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpsRequest(
          `${azure.resourceManagerEndpoint}/subscriptions/${azure.subscriptionId}/resourcegroups?api-version=2021-04-01`,
          { ca, headers: { authorization: `Bearer ${token!.token}` } },
          response => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(status).toBe(429);

      expect(JSON.parse((await cli('links')).stdout)).toEqual({ links: [] });
    } finally {
      await stop();
    }
    const afterStop = await cli('links');
    expect(afterStop.code).toBe(1);
    expect(afterStop.stderr).toContain('no running lab');
  }, 60_000);

  it('names the seed mesh and its clusters, reachable with the read-only identity', async () => {
    const stateDir = path.join(dir, '.lab');
    const stop = await startLab(stateDir, () => {}, { preset: 'seed' });
    try {
      const config = parse(
        await readFile(path.join(stateDir, PORTAL_CONFIG_FILE), 'utf8'),
      );
      const [mesh] = config.ciliumClusterMesh.meshes;
      expect(mesh.name).toBe('lab-mesh');
      expect(mesh.clusters.map((c: { name: string }) => c.name)).toEqual([
        'cluster1',
        'cluster2',
        'cluster3',
      ]);
      const [cluster1] = mesh.clusters;
      expect(cluster1).toMatchObject({
        url: expect.stringMatching(/^https:\/\/127\.\d+\.\d+\.\d+:\d+$/),
        authProvider: 'serviceAccount',
        clustermeshApiserverEndpoint: expect.stringMatching(
          /^127\.\d+\.\d+\.\d+:\d+$/,
        ),
      });
      const ca = Buffer.from(cluster1.caData, 'base64').toString();
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpsRequest(
          `${cluster1.url}/api/v1/namespaces/kube-system/configmaps/cilium-config`,
          {
            ca,
            headers: {
              authorization: `Bearer ${cluster1.serviceAccountToken}`,
            },
          },
          response => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end();
      });
      expect(status).toBe(200);
    } finally {
      await stop();
    }
  }, 60_000);
});
