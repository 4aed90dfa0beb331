import type { RuleViolation } from '@meshportal/plugin-cilium-clustermesh-common';

/**
 * What may appear where in a helm command line. Release names, namespaces,
 * chart references and versions often come from user input; checked against
 * these, none of them can start a flag (`--post-renderer`, `--set=`) or name
 * a local file.
 */
export const HELM_VALUE_PATTERNS = {
  /** Helm's own rule for release names (plus its 53-character limit, checked apart). */
  releaseName:
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  /** A Kubernetes namespace: a DNS label. */
  namespace: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  /** `repo/chart`, a chart name used with `--repo`, or `oci://host/path`; never a local path. */
  chartReference:
    /^(?:oci:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(?::\d{1,5})?(?:\/[a-z0-9][-a-z0-9._]*)+|[a-z0-9][-a-z0-9_.]*(?:\/[a-z0-9][-a-z0-9_.]*)?)$/,
  /** An exact semantic version (no ranges), as charts are pinned. */
  chartVersion:
    /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/,
  /** A chart repository URL for `--repo`. */
  repositoryUrl:
    /^https:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(?::\d{1,5})?(?:\/[A-Za-z0-9._~-]+)*\/?$/,
  /** A Go duration as `--timeout` takes it. */
  duration: /^(?:\d+(?:ms|h|m|s))+$/,
  /** A file handed to the runner, referenced by `-f`. */
  fileName: /^[a-z0-9][-a-z0-9_.]{0,63}$/,
  revision: /^[1-9]\d{0,8}$/,
  output: /^(json|yaml|table)$/,
} as const;

export type HelmValueKind = keyof typeof HELM_VALUE_PATTERNS;

const EXAMPLES: Record<HelmValueKind, string> = {
  releaseName:
    'lower-case letters, digits, "-" and ".", at most 53 characters, e.g. cilium',
  namespace: 'a DNS label such as kube-system',
  chartReference:
    'repo/chart (cilium/cilium), a chart name with --repo, or oci://registry/path; local paths are not accepted',
  chartVersion: 'an exact chart version such as 1.20.0',
  repositoryUrl: 'an https URL such as https://helm.cilium.io',
  duration: 'a duration such as 600s or 10m',
  fileName: 'a file name handed to the runner, e.g. values.json',
  revision: 'a positive revision number',
  output: 'json, yaml or table',
};

/** A violation when `value` is not a well-formed `kind`; `field` names the input it came from. */
export function checkHelmValue(
  kind: HelmValueKind,
  value: string,
  field: string = kind,
): RuleViolation | undefined {
  const tooLong =
    (kind === 'releaseName' && value.length > 53) ||
    (kind === 'namespace' && value.length > 63) ||
    value.length > 256;
  if (!tooLong && HELM_VALUE_PATTERNS[kind].test(value)) return undefined;
  return {
    field,
    rule: `${JSON.stringify(value)} is not a valid ${describeKind(kind)}`,
    fix: `use ${EXAMPLES[kind]}`,
  };
}

function describeKind(kind: HelmValueKind): string {
  return kind.replace(/[A-Z]/g, letter => ` ${letter.toLowerCase()}`);
}

const COMMANDS: { words: string[]; positionals: HelmValueKind[] }[] = [
  { words: ['upgrade'], positionals: ['releaseName', 'chartReference'] },
  { words: ['install'], positionals: ['releaseName', 'chartReference'] },
  { words: ['uninstall'], positionals: ['releaseName'] },
  { words: ['status'], positionals: ['releaseName'] },
  { words: ['history'], positionals: ['releaseName'] },
  { words: ['get', 'values'], positionals: ['releaseName'] },
  { words: ['version'], positionals: [] },
];

/** Flags the runner passes on; each value is checked as its kind. */
const FLAGS: Record<string, HelmValueKind | 'switch'> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '--version': 'chartVersion',
  '--repo': 'repositoryUrl',
  '-f': 'fileName',
  '--values': 'fileName',
  '--timeout': 'duration',
  '-o': 'output',
  '--output': 'output',
  '--revision': 'revision',
  '-i': 'switch',
  '--install': 'switch',
  '--wait': 'switch',
  '--create-namespace': 'switch',
  '--reset-values': 'switch',
  '-a': 'switch',
  '--all': 'switch',
};

function refusedFlagReason(flag: string): string {
  if (/^--set/.test(flag)) {
    return 'values go only through files (-f with a file handed to the runner), never --set';
  }
  if (flag === '--kubeconfig' || flag.startsWith('--kube-')) {
    return 'the runner supplies cluster access itself';
  }
  return 'it is not among the flags the runner allows';
}

function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

/**
 * Problems with a helm command line, empty when it is safe to run. `files`
 * are the names `-f` may reference.
 */
export function helmArgumentProblems(
  args: readonly string[],
  files: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const arg of args) {
    if ([...arg].some(isControlCharacter)) {
      problems.push(
        `argument ${JSON.stringify(arg)} contains control characters`,
      );
    }
  }
  const command = COMMANDS.find(c => c.words.every((w, i) => args[i] === w));
  if (!command) {
    return [
      ...problems,
      `helm command ${JSON.stringify(
        args.slice(0, 2).join(' '),
      )} is not one of: ${COMMANDS.map(c => c.words.join(' ')).join(', ')}`,
    ];
  }
  const positionals: string[] = [];
  for (let i = command.words.length; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (arg.includes('=')) {
      problems.push(
        `flag ${JSON.stringify(
          arg,
        )} is refused: write the flag and its value as separate arguments${
          /^--set/.test(arg) ? `; ${refusedFlagReason(arg)}` : ''
        }`,
      );
      continue;
    }
    const kind = FLAGS[arg];
    if (!kind) {
      problems.push(`flag ${arg} is refused: ${refusedFlagReason(arg)}`);
      continue;
    }
    if (kind === 'switch') continue;
    const value = args[++i];
    if (value === undefined) {
      problems.push(`flag ${arg} needs a value`);
      continue;
    }
    const violation = checkHelmValue(kind, value, arg);
    if (violation) {
      problems.push(`${arg}: ${violation.rule}; ${violation.fix}`);
    } else if (kind === 'fileName' && !files.includes(value)) {
      problems.push(
        `${arg} ${value}: only files handed to the runner may be read (have: ${
          files.join(', ') || 'none'
        })`,
      );
    }
  }
  if (positionals.length !== command.positionals.length) {
    problems.push(
      `helm ${command.words.join(' ')} takes ${
        command.positionals.length
      } argument(s) (${command.positionals
        .map(describeKind)
        .join(', ')}), got ${positionals.length}: ${positionals
        .map(p => JSON.stringify(p))
        .join(' ')}`,
    );
  } else {
    positionals.forEach((value, index) => {
      const kind = command.positionals[index];
      const violation = checkHelmValue(kind, value);
      if (violation) problems.push(`${violation.rule}; ${violation.fix}`);
    });
  }
  return problems;
}
