import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { labRoot } from '../paths';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the lab's binaries (`bin/helm`, `bin/lab`) as a separate process, the way users and plugins do. */
export async function runLabBinary(
  binary: 'helm' | 'lab',
  args: string[],
): Promise<ProcessResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(labRoot(), 'bin', binary),
      args,
      // No stray kubeconfig from the developer's environment.
      { env: { ...process.env, KUBECONFIG: '' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as ProcessResult;
    return {
      code: failure.code,
      stdout: failure.stdout,
      stderr: failure.stderr,
    };
  }
}
