/** An error Helm reports as `Error: <message>` with exit status 1. */
export class HelmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmError';
  }
}
