import { parseArgs } from './args';
import { upgrade } from './commands/upgrade';
import { getValues, history, status, uninstall } from './commands/inspect';
import { HelmError } from './errors';

export const LAB_HELM_VERSION = 'v3.19.0+lab';

/** Runs one helm invocation; returns the exit status helm would. */
export async function runHelm(
  argv: string[],
  io: { out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    switch (parsed.command.join(' ')) {
      case 'upgrade':
      case 'install':
        await upgrade(parsed, io.out);
        break;
      case 'get values':
        await getValues(parsed, io.out);
        break;
      case 'status':
        await status(parsed, io.out);
        break;
      case 'history':
        await history(parsed, io.out);
        break;
      case 'uninstall':
        await uninstall(parsed, io.out);
        break;
      default:
        io.out(
          `version.BuildInfo{Version:"${LAB_HELM_VERSION}", GitCommit:"", GitTreeState:"clean", GoVersion:"lab"}`,
        );
    }
    return 0;
  } catch (error) {
    const message =
      error instanceof HelmError
        ? error.message
        : `unexpected failure: ${(error as Error).message}`;
    io.err(`Error: ${message}`);
    return 1;
  }
}
