/** The `error` object of ARM's error contract. */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

/**
 * An ARM request or long-running operation that Azure refused or failed.
 * Its message is always `ARM <code>: <message>`, built here only from ARM's
 * error code and message: the SDK's own errors carry the request, and with
 * it the bearer token.
 */
export class AzureOperationError extends Error {
  readonly code: string;
  readonly status?: number;
  readonly target?: string;
  /** ARM's message alone, for callers that phrase their own. */
  readonly armMessage: string;

  constructor(
    code: string,
    message: string,
    options: { status?: number; target?: string } = {},
  ) {
    const armMessage = redactSecrets(message);
    super(`ARM ${code}: ${armMessage}`);
    this.name = 'AzureOperationError';
    this.code = code;
    this.armMessage = armMessage;
    if (options.status !== undefined) this.status = options.status;
    if (options.target !== undefined) this.target = options.target;
  }
}

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;
const BEARER = /\bBearer\s+\S+/gi;

/** Belt and braces: ARM never echoes credentials, but a proxy or a misbehaving service might. */
export function redactSecrets(text: string): string {
  return text
    .replace(PEM, '[redacted PEM]')
    .replace(BEARER, 'Bearer [redacted]')
    .replace(JWT, '[redacted token]');
}

/** `{ error: { code, message, target? } }` of an ARM response body, if it has one. */
export function armErrorOf(body: unknown): ArmErrorDetail | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, target } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code,
    message,
    ...(typeof target === 'string' ? { target } : {}),
  };
}

/** A non-2xx ARM response as an AzureOperationError. */
export function errorFromResponse(
  status: number,
  body: unknown,
  request: string,
): AzureOperationError {
  const detail = armErrorOf(body);
  if (detail) {
    return new AzureOperationError(detail.code, detail.message, {
      status,
      target: detail.target,
    });
  }
  return new AzureOperationError(
    `Http${status}`,
    `${request} answered HTTP ${status} without an ARM error body`,
    { status },
  );
}

const LRO_FAILED =
  /^The long-running operation has failed\. ([^.\s]+)\. ([\s\S]*)$/;

/**
 * What a failed @azure/core-lro poller threw, as an AzureOperationError.
 * `lastError` is the `error` of the last status the poller read, when known:
 * it keeps the target, which core-lro's message drops.
 */
export function errorFromLro(
  error: unknown,
  lastError?: ArmErrorDetail,
): unknown {
  if (!(error instanceof Error) || error.name !== 'Error') {
    return toAzureOperationError(error);
  }
  if (lastError) {
    return new AzureOperationError(lastError.code, lastError.message, {
      target: lastError.target,
    });
  }
  const failed = LRO_FAILED.exec(error.message);
  if (failed) return new AzureOperationError(failed[1], failed[2]);
  if (error.message === 'Operation was canceled') {
    return new AzureOperationError(
      'OperationCanceled',
      'The operation was canceled.',
    );
  }
  if (error.message.startsWith('The long-running operation has failed')) {
    return new AzureOperationError(
      'OperationFailed',
      'The long-running operation has failed without an error code.',
    );
  }
  return toAzureOperationError(error);
}

/** An AbortSignal fired; such errors pass through untouched. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Maps anything an Azure client threw to an AzureOperationError, rebuilding
 * the message from codes (see the class comment). Abort errors and errors
 * already mapped pass through.
 */
export function toAzureOperationError(error: unknown): unknown {
  if (error instanceof AzureOperationError || isAbortError(error)) {
    return error;
  }
  if (!(error instanceof Error)) {
    return new AzureOperationError('UnknownError', String(error));
  }
  const fields = error as Error & {
    statusCode?: number;
    code?: string;
    details?: unknown;
  };
  if (error.name === 'RestError') {
    if (fields.statusCode !== undefined) {
      const detail = armErrorOf(fields.details);
      return detail
        ? new AzureOperationError(detail.code, detail.message, {
            status: fields.statusCode,
            target: detail.target,
          })
        : new AzureOperationError(
            fields.code ?? `Http${fields.statusCode}`,
            `ARM answered HTTP ${fields.statusCode}`,
            { status: fields.statusCode },
          );
    }
    // No response: a socket or TLS error, whose Node message names only the address.
    return new AzureOperationError(
      fields.code ?? 'RequestFailed',
      `the request could not be sent: ${error.message}`,
    );
  }
  if (
    error.name === 'AuthenticationError' ||
    error.name === 'CredentialUnavailableError'
  ) {
    return new AzureOperationError(
      'AuthenticationFailed',
      `no token for Azure Resource Manager: ${error.message}`,
    );
  }
  return new AzureOperationError(fields.code ?? error.name, error.message);
}
