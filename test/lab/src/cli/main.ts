import path from 'node:path';
import { repoRoot } from '../paths';
import { startLab } from './start';

const USAGE = 'usage: lab start [--state-dir <dir>]   (default: <repo>/.lab)';

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command !== 'start') {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const flag = rest.indexOf('--state-dir');
  const stateDir =
    flag >= 0 && rest[flag + 1]
      ? path.resolve(rest[flag + 1])
      : path.join(repoRoot(), '.lab');
  const stop = await startLab(stateDir, line =>
    process.stdout.write(`${line}\n`),
  );
  const shutdown = () => {
    stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch(error => {
  process.stderr.write(`lab: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
