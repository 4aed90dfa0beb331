import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FAULT_COMMANDS, FaultArguments } from '../control/faultCommands';
import { repoRoot } from '../paths';
import { PRESET_NAMES, PresetName } from '../presets';
import { READY_FILE, startLab } from './start';

const USAGE = [
  'usage:',
  '  lab start [--state-dir <dir>] [--preset seed|empty|scale] [--clusters N] [--services M] [--nodes K]',
  '  lab fault <name> [--cluster c] [--from a --to b] [--both-ways] [--ms n] [--count n] [--nodes a,b] [--off]',
  '  lab links',
  '',
  'faults:',
  ...Object.entries(FAULT_COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(28)} ${command.summary}`,
  ),
].join('\n');

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'state-dir': { type: 'string' },
  preset: { type: 'string' },
  clusters: { type: 'string' },
  services: { type: 'string' },
  nodes: { type: 'string' },
  cluster: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'both-ways': { type: 'boolean' },
  ms: { type: 'string' },
  count: { type: 'string' },
  off: { type: 'boolean' },
} as const;

async function main(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  const [command, faultName] = positionals;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const stateDir = values['state-dir']
    ? path.resolve(values['state-dir'])
    : path.join(repoRoot(), '.lab');
  if (command === 'start') {
    const preset = (values.preset ?? 'seed') as PresetName;
    if (!PRESET_NAMES.includes(preset)) {
      fail(`unknown preset "${preset}"; presets: ${PRESET_NAMES.join(', ')}`);
      return;
    }
    const stop = await startLab(
      stateDir,
      line => process.stdout.write(`${line}\n`),
      {
        preset,
        clusters: numberOption(values.clusters),
        services: numberOption(values.services),
        nodes: numberOption(values.nodes),
      },
    );
    const shutdown = () => {
      stop().finally(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return;
  }
  if (command === 'fault' && faultName) {
    const args: FaultArguments = {
      cluster: values.cluster,
      from: values.from,
      to: values.to,
      bothWays: values['both-ways'],
      off: values.off,
      ms: numberOption(values.ms),
      count: numberOption(values.count),
      nodes: values.nodes?.split(','),
    };
    await report(await control(stateDir, `/faults/${faultName}`, args));
    return;
  }
  if (command === 'links') {
    await report(await control(stateDir, '/links'));
    return;
  }
  fail(USAGE);
}

function numberOption(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

async function control(
  stateDir: string,
  route: string,
  body?: FaultArguments,
): Promise<Response> {
  const ready = JSON.parse(
    await readFile(path.join(stateDir, READY_FILE), 'utf8').catch(() => {
      throw new Error(
        `no running lab: ${path.join(
          stateDir,
          READY_FILE,
        )} is missing (run lab start)`,
      );
    }),
  );
  return fetch(`${ready.control.url}${route}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: `Bearer ${ready.control.token}`,
      'content-type': 'application/json',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function report(response: Response): Promise<void> {
  const text = await response.text();
  process.stdout.write(`${text}\n`);
  if (!response.ok) process.exitCode = 1;
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch(error => {
  process.stderr.write(`lab: ${(error as Error).message}\n`);
  process.exit(1);
});
