import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  realpath,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClusterAccess, kubeConfigYaml } from '../azure/clusterAccess';
import { accessSecrets } from './accessSecrets';
import { helmArgumentProblems } from './helmArgs';
import { HelmError, scrubHelmOutput } from './helmError';

export interface HelmRunnerOptions {
  /** Path of the helm executable (or a name found on PATH). */
  binary: string;
  /** Default limit per run; the process is killed after it. Default 15 minutes. */
  timeoutMs?: number;
  /** Receives one line per run, never values or credentials. */
  log?: (line: string) => void;
  /** Where the per-run temp directories go; defaults to the OS temp dir. */
  tempRoot?: string;
}

export interface HelmRunOptions {
  access: ClusterAccess;
  /** File name → content, e.g. `{ 'values.json': ... }`, referenced by `-f <name>`. */
  files?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the runner's limit, e.g. to outlast helm's own `--timeout`. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const KUBECONFIG_FILE = 'kubeconfig';
const RESERVED_NAMES = [KUBECONFIG_FILE, 'cache', 'config', 'data', 'tmp'];
/** Passed through when set: what helm needs to find itself and reach chart repositories. */
const INHERITED_ENV = [
  'PATH',
  'HOME',
  'LANG',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
];

/**
 * Runs helm against one cluster. Each run gets its own 0700 temp directory
 * holding the kubeconfig and values files (0600) plus helm's cache, config
 * and data homes, removed when the run ends; helm sees no other environment,
 * so no stray KUBECONFIG, credentials or repositories. Arguments are checked
 * before anything is written: no `--set`, no flags hidden in user input.
 */
export class HelmRunner {
  private readonly binary: string;
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly tempRoot: string;

  constructor(options: HelmRunnerOptions) {
    this.binary = options.binary;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.log = options.log ?? (() => undefined);
    this.tempRoot = options.tempRoot ?? tmpdir();
  }

  /** `ciliumClusterMesh.helm.binary`, else `helm` on PATH. */
  static fromConfig(
    config: Config,
    options: Omit<HelmRunnerOptions, 'binary'> = {},
  ): HelmRunner {
    return new HelmRunner({
      ...options,
      binary:
        config.getOptionalString('ciliumClusterMesh.helm.binary') ?? 'helm',
    });
  }

  async run(
    args: string[],
    options: HelmRunOptions,
  ): Promise<{ stdout: string }> {
    const { access, signal } = options;
    const files = options.files ?? {};
    const names = Object.keys(files);
    const problems = [
      ...helmArgumentProblems(args, names),
      ...names
        .filter(name => RESERVED_NAMES.includes(name))
        .map(name => `file name ${name} is reserved by the runner`),
    ];
    if (problems.length > 0) {
      throw new InputError(
        `Refused to run helm against ${access.cluster}: ${problems.join('; ')}`,
      );
    }
    signal?.throwIfAborted();
    const command = commandWords(args);
    const started = Date.now();
    this.log(`helm ${args.join(' ')} (cluster ${access.cluster})`);

    const dir = await mkdtemp(path.join(this.tempRoot, 'meshportal-helm-'));
    const paths = [dir];
    try {
      await chmod(dir, 0o700);
      paths.push(await realpath(dir));
      await mkdir(path.join(dir, 'tmp'), { mode: 0o700 });
      await writePrivate(dir, KUBECONFIG_FILE, kubeConfigYaml(access));
      for (const [name, content] of Object.entries(files)) {
        await writePrivate(dir, name, content);
      }
      const fileArgs = new Set(['-f', '--values']);
      const argv = args.map((arg, i) =>
        i > 0 && fileArgs.has(args[i - 1]) ? path.join(dir, arg) : arg,
      );
      const stdout = await this.exec(
        [...argv, '--kubeconfig', path.join(dir, KUBECONFIG_FILE)],
        {
          dir,
          command,
          access,
          signal,
          timeoutMs: options.timeoutMs ?? this.timeoutMs,
          paths,
        },
      );
      this.log(
        `helm ${command} on ${access.cluster} finished in ${seconds(
          Date.now() - started,
        )}`,
      );
      return { stdout };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private exec(
    argv: string[],
    context: {
      dir: string;
      command: string;
      access: ClusterAccess;
      signal?: AbortSignal;
      timeoutMs: number;
      paths: string[];
    },
  ): Promise<string> {
    const { dir, command, access, timeoutMs } = context;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = context.signal
      ? AbortSignal.any([context.signal, timeout])
      : timeout;
    const scrub = (text: string) =>
      scrubHelmOutput(text, {
        secrets: accessSecrets(access),
        paths: context.paths,
      });
    return new Promise((resolve, reject) => {
      execFile(
        this.binary,
        argv,
        {
          cwd: dir,
          env: helmEnvironment(dir),
          signal,
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve(stdout);
            return;
          }
          const cleanStderr = scrub(stderr ?? '').trim();
          const details = {
            command,
            cluster: access.cluster,
            stderr: cleanStderr,
          };
          const code = (error as { code?: unknown }).code;
          if (timeout.aborted) {
            reject(
              new HelmError(
                `helm ${command} on ${
                  access.cluster
                } did not finish within ${seconds(timeoutMs)} and was stopped`,
                { ...details, failure: 'timeout' },
              ),
            );
          } else if (context.signal?.aborted) {
            reject(
              new HelmError(
                `helm ${command} on ${access.cluster} was cancelled`,
                { ...details, failure: 'aborted' },
              ),
            );
          } else if (typeof code === 'string') {
            reject(
              new HelmError(
                code === 'ENOENT'
                  ? `The helm executable ${this.binary} was not found; set ciliumClusterMesh.helm.binary to its path`
                  : `helm could not be started (${code}); check ciliumClusterMesh.helm.binary`,
                { ...details, failure: 'notStarted' },
              ),
            );
          } else {
            const exitCode = typeof code === 'number' ? code : undefined;
            reject(
              new HelmError(
                `helm ${command} on ${access.cluster} failed: ${
                  cleanStderr.replace(/^Error:\s*/, '') ||
                  `exit status ${exitCode ?? 'unknown'}`
                }`,
                { ...details, failure: 'failed', exitCode },
              ),
            );
          }
        },
      );
    });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function commandWords(args: string[]): string {
  return args[0] === 'get' ? `get ${args[1]}` : args[0];
}

async function writePrivate(dir: string, name: string, content: string) {
  const file = path.join(dir, name);
  await writeFile(file, content, { mode: 0o600, flag: 'wx' });
  // The mode given to writeFile is masked by the umask; make it exact.
  await chmod(file, 0o600);
}

function helmEnvironment(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED_ENV) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  return {
    ...env,
    TMPDIR: path.join(dir, 'tmp'),
    KUBECONFIG: path.join(dir, KUBECONFIG_FILE),
    HELM_CACHE_HOME: path.join(dir, 'cache'),
    HELM_CONFIG_HOME: path.join(dir, 'config'),
    HELM_DATA_HOME: path.join(dir, 'data'),
  };
}
