import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  access,
  chmod,
  mkdtemp,
  readdir,
  rm,
  writeFile,
} from 'node:fs/promises';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClusterAccess } from '../azure/clusterAccess';
import { HelmError } from './helmError';
import { HelmRunner } from './helmRunner';

// Made per run: no key material in the repository.
const KEY_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'sec1', format: 'pem' })
  .toString();
const [KEY_HEADER, KEY_FIRST_LINE] = KEY_PEM.split('\n');
const TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlc2lnbmF0dXJl';

const tokenAccess: ClusterAccess = {
  cluster: 'aks-fake',
  server: 'https://127.0.0.1:6443',
  caData: Buffer.from('not a real CA').toString('base64'),
  fqdn: 'aks-fake.hcp.westeurope.azmk8s.io',
  credentials: { token: TOKEN },
};
const certAccess: ClusterAccess = {
  ...tokenAccess,
  credentials: {
    clientCertData: Buffer.from('cert').toString('base64'),
    clientKeyData: Buffer.from(KEY_PEM).toString('base64'),
  },
};

/** Stand-in helm executables, each doing one thing a helm run might do. */
const FAKES = {
  report: `
const fs = require('fs'); const path = require('path');
const args = process.argv.slice(2);
const kubeconfig = args[args.indexOf('--kubeconfig') + 1];
const values = args.includes('-f') ? args[args.indexOf('-f') + 1] : undefined;
const mode = p => (fs.statSync(p).mode & 0o777).toString(8);
process.stdout.write(JSON.stringify({
  args, env: process.env, cwd: process.cwd(),
  dir: path.dirname(kubeconfig), dirMode: mode(path.dirname(kubeconfig)),
  kubeconfigMode: mode(kubeconfig), kubeconfig: fs.readFileSync(kubeconfig, 'utf8'),
  valuesMode: values && mode(values), values: values && fs.readFileSync(values, 'utf8'),
}));`,
  leak: `
const fs = require('fs');
const args = process.argv.slice(2);
const kubeconfig = args[args.indexOf('--kubeconfig') + 1];
process.stderr.write('Error: UPGRADE FAILED: cannot patch "cilium-ca" with kind Secret\\n');
process.stderr.write('while reading ' + kubeconfig + ':\\n' + fs.readFileSync(kubeconfig, 'utf8'));
process.stderr.write('Authorization: Bearer ${TOKEN}\\n');
process.exit(1);`,
  sleep: `setTimeout(() => process.stdout.write('late'), 30000);`,
  marker: `require('fs').writeFileSync(process.argv[1] + '.ran', 'ran');`,
};

describe('HelmRunner', () => {
  let dir: string;
  let tempRoot: string;
  let binaries: Record<keyof typeof FAKES, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'helm-runner-test-'));
    binaries = {} as typeof binaries;
    for (const [name, body] of Object.entries(FAKES)) {
      const file = path.join(dir, `fake-helm-${name}`);
      await writeFile(file, `#!/usr/bin/env node\n${body}\n`);
      await chmod(file, 0o755);
      binaries[name as keyof typeof FAKES] = file;
    }
  });

  beforeEach(async () => {
    tempRoot = await mkdtemp(path.join(dir, 'root-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const runner = (
    binary: keyof typeof FAKES,
    options: { timeoutMs?: number; log?: (line: string) => void } = {},
  ) => new HelmRunner({ binary: binaries[binary], tempRoot, ...options });

  it('writes the kubeconfig and values as 0600 files in a 0700 directory, removed afterwards', async () => {
    const { stdout } = await runner('report').run(
      [
        'upgrade',
        '--install',
        'cilium',
        'cilium/cilium',
        '-n',
        'kube-system',
        '-f',
        'values.json',
      ],
      { access: certAccess, files: { 'values.json': '{"cluster":{"id":1}}' } },
    );
    const seen = JSON.parse(stdout);
    expect(seen).toMatchObject({
      dirMode: '700',
      kubeconfigMode: '600',
      valuesMode: '600',
      values: '{"cluster":{"id":1}}',
      cwd: seen.dir,
    });
    expect(seen.args).toEqual([
      'upgrade',
      '--install',
      'cilium',
      'cilium/cilium',
      '-n',
      'kube-system',
      '-f',
      path.join(seen.dir, 'values.json'),
      '--kubeconfig',
      path.join(seen.dir, 'kubeconfig'),
    ]);
    expect(seen.kubeconfig).toContain(`server: ${certAccess.server}`);
    expect(seen.kubeconfig).toContain(
      `client-key-data: ${(certAccess.credentials as any).clientKeyData}`,
    );
    expect(path.dirname(seen.dir)).toBe(tempRoot);
    await expect(access(seen.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('gives helm only basic variables, and homes and KUBECONFIG inside its temp directory', async () => {
    const saved = { ...process.env };
    process.env.AZURE_CLIENT_SECRET = 'do-not-pass-me';
    process.env.KUBECONFIG = '/root/.kube/config';
    process.env.HELM_REPOSITORY_CONFIG = '/root/repos.yaml';
    try {
      const { stdout } = await runner('report').run(['version'], {
        access: tokenAccess,
      });
      const { env, dir: runDir } = JSON.parse(stdout);
      expect(
        Object.keys(env)
          .filter(
            key =>
              !['PATH', 'HOME', 'LANG'].includes(key) && !/proxy/i.test(key),
          )
          .sort(),
      ).toEqual([
        'HELM_CACHE_HOME',
        'HELM_CONFIG_HOME',
        'HELM_DATA_HOME',
        'KUBECONFIG',
        'TMPDIR',
      ]);
      for (const key of [
        'HELM_CACHE_HOME',
        'HELM_CONFIG_HOME',
        'HELM_DATA_HOME',
        'KUBECONFIG',
        'TMPDIR',
      ]) {
        expect(env[key].startsWith(`${runDir}${path.sep}`)).toBe(true);
      }
    } finally {
      process.env = saved;
    }
  });

  it("fails with helm's stderr, without the temp path, the key, the token or PEM blocks", async () => {
    for (const clusterAccess of [tokenAccess, certAccess]) {
      const error: HelmError = await runner('leak')
        .run(['status', 'cilium', '-n', 'kube-system'], {
          access: clusterAccess,
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(HelmError);
      expect(error.message).toMatch(
        /^helm status on aks-fake failed: UPGRADE FAILED: cannot patch "cilium-ca" with kind Secret\nwhile reading <temp>\/kubeconfig:/,
      );
      expect(error.details).toMatchObject({
        command: 'status',
        cluster: 'aks-fake',
        failure: 'failed',
        exitCode: 1,
      });
      const everything = `${error.message}\n${error.details.stderr}\n${error.stack}`;
      for (const secret of [
        TOKEN,
        TOKEN.split('.')[2],
        KEY_FIRST_LINE,
        Buffer.from(KEY_PEM).toString('base64').slice(0, 40),
        KEY_HEADER.replace(/-/g, ''),
        tempRoot,
      ]) {
        expect(everything).not.toContain(secret);
      }
      expect(await readdir(tempRoot)).toEqual([]);
    }
  });

  it('kills helm at its deadline and removes the temp directory', async () => {
    const started = Date.now();
    const error: HelmError = await runner('sleep', { timeoutMs: 300 })
      .run(['status', 'cilium'], { access: tokenAccess })
      .catch(e => e);
    expect(error).toBeInstanceOf(HelmError);
    expect(error.details.failure).toBe('timeout');
    expect(error.message).toBe(
      'helm status on aks-fake did not finish within 0.3 s and was stopped',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('kills helm when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error: HelmError = await runner('sleep')
      .run(['status', 'cilium'], {
        access: tokenAccess,
        signal: controller.signal,
      })
      .catch(e => e);
    expect(error.details.failure).toBe('aborted');
    expect(error.message).toBe('helm status on aks-fake was cancelled');
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('says which setting to fix when the binary does not exist', async () => {
    const error: HelmError = await new HelmRunner({
      binary: path.join(dir, 'no-such-helm'),
      tempRoot,
    })
      .run(['version'], { access: tokenAccess })
      .catch(e => e);
    expect(error.details.failure).toBe('notStarted');
    expect(error.message).toContain('set ciliumClusterMesh.helm.binary');
  });

  it.each([
    [
      [
        'upgrade',
        'cilium',
        'cilium/cilium',
        '--version',
        '1.20.0 --post-renderer x',
      ],
      'is not a valid chart version',
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '--set=image.repository=evil'],
      'values go only through files',
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '--set', 'a=b'],
      'values go only through files',
    ],
    [
      ['upgrade', '--post-renderer', '/bin/sh', 'cilium', 'cilium/cilium'],
      '--post-renderer is refused',
    ],
    [
      ['status', 'cilium', '-n', 'kube-system --all-namespaces'],
      'is not a valid namespace',
    ],
    [
      ['status', '--kubeconfig=/root/.kube/config', 'cilium'],
      'separate arguments',
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '-f', 'kubeconfig'],
      'only files handed to the runner',
    ],
  ])('refuses %j before running anything', async (args, problem) => {
    const logged: string[] = [];
    const error = await runner('marker', { log: line => logged.push(line) })
      .run(args, { access: tokenAccess })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('Refused to run helm against aks-fake');
    expect(error.message).toContain(problem);
    expect(logged).toEqual([]);
    await expect(access(`${binaries.marker}.ran`)).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(tempRoot)).toEqual([]);
  });

  it('refuses file names the runner uses itself', async () => {
    const error = await runner('marker')
      .run(['upgrade', 'cilium', 'cilium/cilium', '-f', 'kubeconfig'], {
        access: tokenAccess,
        files: { kubeconfig: 'apiVersion: v1' },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('file name kubeconfig is reserved');
  });

  it('takes the binary from ciliumClusterMesh.helm.binary', async () => {
    const fromConfig = HelmRunner.fromConfig(
      new ConfigReader({
        ciliumClusterMesh: { helm: { binary: binaries.report } },
      }),
      { tempRoot },
    );
    const { stdout } = await fromConfig.run(['version'], {
      access: tokenAccess,
    });
    expect(JSON.parse(stdout).args).toEqual([
      'version',
      '--kubeconfig',
      expect.stringMatching(/meshportal-helm-\w{6}\/kubeconfig$/),
    ]);
  });

  it('logs the command and its duration, never file contents', async () => {
    const logged: string[] = [];
    await runner('report', { log: line => logged.push(line) }).run(
      ['upgrade', 'cilium', 'cilium/cilium', '-f', 'values.json'],
      {
        access: certAccess,
        files: { 'values.json': '{"tls":{"ca":{"key":"c2VjcmV0"}}}' },
      },
    );
    expect(logged).toEqual([
      'helm upgrade cilium cilium/cilium -f values.json (cluster aks-fake)',
      expect.stringMatching(
        /^helm upgrade on aks-fake finished in \d+(\.\d)? s$/,
      ),
    ]);
  });
});
