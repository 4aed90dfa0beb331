import { ConfigReader } from '@backstage/config';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { PORTAL_CONFIG_FILE, READY_FILE, startLab } from './start';

describe('lab start', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lab-state-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the portal config only the owner can read, then says it is up', async () => {
    const stateDir = path.join(dir, '.lab');
    const stop = await startLab(stateDir, () => {});
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
      expect(ready).toEqual({
        pid: process.pid,
        resourceManagerEndpoint: endpoint,
        configFile,
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
});
