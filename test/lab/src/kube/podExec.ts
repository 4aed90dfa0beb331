import type { KubeObject } from './types';

/** A command the API server runs in a pod's container through `pods/exec`. */
export interface ExecRequest {
  pod: KubeObject;
  container: string;
  command: string[];
}

export interface ExecResult {
  stdout?: string;
  stderr?: string;
  exitCode: number;
}

/** Plays the binaries of a container; undefined when it doesn't know the command. */
export type PodExecHandler = (request: ExecRequest) => ExecResult | undefined;

/** Stand-ins for the executables in pods, reached only through the API server's `pods/exec`. */
export class PodExecRegistry {
  private readonly handlers = new Set<PodExecHandler>();

  /** Returns a function that unregisters the handler. */
  register(handler: PodExecHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  run(request: ExecRequest): ExecResult {
    for (const handler of this.handlers) {
      const result = handler(request);
      if (result) return result;
    }
    // What containerd answers for a binary the image doesn't have.
    return {
      stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${request.command[0]}": executable file not found in $PATH: unknown\r\n`,
      exitCode: 126,
    };
  }
}
