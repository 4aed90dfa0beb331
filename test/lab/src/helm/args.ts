import { HelmError } from './errors';

/** The flags our plugins and the seed use; anything else is refused, not ignored. */
export interface HelmFlags {
  namespace: string;
  kubeconfig?: string;
  kubeContext?: string;
  kubeApiServer?: string;
  kubeToken?: string;
  kubeCaFile?: string;
  version?: string;
  repo?: string;
  valuesFiles: string[];
  set: string[];
  setString: string[];
  install: boolean;
  wait: boolean;
  timeoutMs: number;
  createNamespace: boolean;
  resetValues: boolean;
  reuseValues: boolean;
  all: boolean;
  revision?: number;
  output: 'table' | 'json' | 'yaml';
}

export interface ParsedCommand {
  command: string[];
  positionals: string[];
  flags: HelmFlags;
}

const COMMANDS = [
  ['upgrade'],
  ['install'],
  ['uninstall'],
  ['status'],
  ['history'],
  ['get', 'values'],
  ['version'],
];

type FlagSpec = { key: keyof HelmFlags; takesValue: boolean };

const FLAGS: Record<string, FlagSpec> = {
  '-n': { key: 'namespace', takesValue: true },
  '--namespace': { key: 'namespace', takesValue: true },
  '--kubeconfig': { key: 'kubeconfig', takesValue: true },
  '--kube-context': { key: 'kubeContext', takesValue: true },
  '--kube-apiserver': { key: 'kubeApiServer', takesValue: true },
  '--kube-token': { key: 'kubeToken', takesValue: true },
  '--kube-ca-file': { key: 'kubeCaFile', takesValue: true },
  '--version': { key: 'version', takesValue: true },
  '--repo': { key: 'repo', takesValue: true },
  '-f': { key: 'valuesFiles', takesValue: true },
  '--values': { key: 'valuesFiles', takesValue: true },
  '--set': { key: 'set', takesValue: true },
  '--set-string': { key: 'setString', takesValue: true },
  '-i': { key: 'install', takesValue: false },
  '--install': { key: 'install', takesValue: false },
  '--wait': { key: 'wait', takesValue: false },
  '--timeout': { key: 'timeoutMs', takesValue: true },
  '--create-namespace': { key: 'createNamespace', takesValue: false },
  '--reset-values': { key: 'resetValues', takesValue: false },
  '--reuse-values': { key: 'reuseValues', takesValue: false },
  '-a': { key: 'all', takesValue: false },
  '--all': { key: 'all', takesValue: false },
  '--revision': { key: 'revision', takesValue: true },
  '-o': { key: 'output', takesValue: true },
  '--output': { key: 'output', takesValue: true },
};

/** Go duration subset Helm accepts for --timeout: 300s, 5m0s, 1h2m3s, 1.5m. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1_000,
    ms: 1,
  };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== text) {
    throw new HelmError(
      `invalid argument "${text}" for "--timeout" flag: time: invalid duration "${text}"`,
    );
  }
  return parts.reduce(
    (total, [, value, unit]) => total + Number(value) * units[unit],
    0,
  );
}

export function parseArgs(argv: string[]): ParsedCommand {
  const flags: HelmFlags = {
    namespace: process.env.HELM_NAMESPACE ?? 'default',
    kubeconfig: process.env.KUBECONFIG,
    valuesFiles: [],
    set: [],
    setString: [],
    install: false,
    wait: false,
    timeoutMs: 300_000,
    createNamespace: false,
    resetValues: false,
    reuseValues: false,
    all: false,
    output: 'table',
  };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    const [name, inlineValue] =
      arg.includes('=') && arg.startsWith('--')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const spec = FLAGS[name];
    if (!spec) {
      throw new HelmError(`unknown flag: ${name}`);
    }
    if (!spec.takesValue) {
      (flags as any)[spec.key] = true;
      continue;
    }
    const value = inlineValue ?? argv[++i];
    if (value === undefined) {
      throw new HelmError(`flag needs an argument: ${name}`);
    }
    applyValue(flags, spec.key, value, name);
  }
  const command = COMMANDS.find(c =>
    c.every((word, index) => words[index] === word),
  );
  if (!command) {
    throw new HelmError(`unknown command "${words[0] ?? ''}" for "helm"`);
  }
  return { command, positionals: words.slice(command.length), flags };
}

function applyValue(
  flags: HelmFlags,
  key: keyof HelmFlags,
  value: string,
  name: string,
) {
  switch (key) {
    case 'valuesFiles':
    case 'set':
    case 'setString':
      flags[key].push(value);
      return;
    case 'timeoutMs':
      flags.timeoutMs = parseDuration(value);
      return;
    case 'revision': {
      const revision = Number(value);
      if (!Number.isInteger(revision) || revision < 1) {
        throw new HelmError(
          `invalid argument "${value}" for "${name}" flag: must be a positive integer`,
        );
      }
      flags.revision = revision;
      return;
    }
    case 'output':
      if (value !== 'table' && value !== 'json' && value !== 'yaml') {
        throw new HelmError(
          `invalid argument "${value}" for "${name}" flag: invalid format type`,
        );
      }
      flags.output = value;
      return;
    default:
      (flags as any)[key] = value;
  }
}
