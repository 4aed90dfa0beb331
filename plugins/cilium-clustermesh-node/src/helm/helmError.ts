/** Why a helm run did not succeed. */
export type HelmFailure = 'failed' | 'timeout' | 'aborted' | 'notStarted';

/**
 * A helm run that did not succeed. The message is helm's stderr with temp
 * paths, PEM blocks and token-like strings removed, so it may be logged and
 * shown to users.
 */
export class HelmError extends Error {
  constructor(
    message: string,
    readonly details: {
      /** e.g. `upgrade`, `get values`. */
      command: string;
      cluster: string;
      failure: HelmFailure;
      exitCode?: number;
      /** The scrubbed stderr. */
      stderr: string;
    },
  ) {
    super(message);
    this.name = 'HelmError';
  }

  /** Helm's "release: not found", e.g. from `helm status` before the first install. */
  get releaseNotFound(): boolean {
    return (
      this.details.failure === 'failed' &&
      /\brelease: not found\b/.test(this.details.stderr)
    );
  }
}

const PEM_BLOCK = /-----BEGIN [^-\n]*-----[\s\S]*?(?:-----END [^-\n]*-----|$)/g;
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BEARER = /\b(Bearer|Basic)\s+\S+/gi;
const KEY_VALUE =
  /\b((?:client-key-data|client-certificate-data|certificate-authority-data|token|password|secret|ca\.key|key)\s*[:=]\s*)("?)[^\s",}]+\2/gi;
/** Any path into a runner's temp directory, e.g. after a symlink was resolved. */
const TEMP_PATH = /[^\s'"]*meshportal-helm-[A-Za-z0-9]{6}[^\s'"]*/g;
/** Long runs of base64/hex/base64url: certificates, keys, tokens. */
const OPAQUE = /[A-Za-z0-9+/_-]{40,}={0,2}/g;

/**
 * Removes from helm output what must never reach logs or users: the literal
 * secrets given, the temp directories (they hold the kubeconfig), PEM
 * blocks, and anything shaped like a token or an encoded key.
 */
export function scrubHelmOutput(
  text: string,
  options: { secrets?: string[]; paths?: string[] } = {},
): string {
  let scrubbed = text;
  const literals = [...(options.secrets ?? []), ...(options.paths ?? [])]
    .filter(value => value.length >= 8)
    .sort((a, b) => b.length - a.length);
  for (const literal of literals) {
    scrubbed = scrubbed
      .split(literal)
      .join((options.paths ?? []).includes(literal) ? '<temp>' : '[redacted]');
  }
  return scrubbed
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(JWT, '[redacted]')
    .replace(BEARER, '$1 [redacted]')
    .replace(KEY_VALUE, '$1[redacted]')
    .replace(OPAQUE, '[redacted]')
    .replace(TEMP_PATH, '<temp>');
}
