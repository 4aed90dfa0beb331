import { ApiException } from '@kubernetes/client-node';
import type {
  ObservationError,
  ObservationErrorKind,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { STATUS_CODES } from 'node:http';
import { TransportError } from './transport';

/** Thrown inside the observer to carry an already-classified error. */
export class ObservationFailure extends Error {
  constructor(readonly observation: ObservationError) {
    super(observation.message);
    this.name = 'ObservationFailure';
  }
}

const TRANSPORT_MESSAGES: Record<TransportError['kind'], string> = {
  unreachable: 'the server could not be reached',
  timeout: 'no answer before the deadline',
  invalid: 'the request could not be made',
  failed: 'the connection failed',
};

const HINTS: Partial<Record<number, string>> = {
  401: 'the credentials were not accepted; check the token or client certificate',
  403: 'the identity lacks this permission; apply manifests/rbac.yaml of the backend plugin',
};

function kindOfStatus(code: number): ObservationErrorKind {
  if (code === 401) return 'unauthorized';
  if (code === 403) return 'forbidden';
  if (code === 404) return 'notFound';
  if (code === 408 || code === 504) return 'timeout';
  // The pod proxy answers 502/503 when it cannot reach the pod.
  if (code === 502 || code === 503) return 'unreachable';
  if (code === 400 || code === 422) return 'invalid';
  return 'failed';
}

/** The Kubernetes Status `reason` (e.g. `NotFound`), when the body is one. */
function statusReason(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const reason = (parsed as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && /^[A-Za-z]{1,64}$/.test(reason)
    ? reason
    : undefined;
}

/**
 * An ObservationError for a failed read. Messages are built here from the
 * status code and reason only: client-node's own errors can carry request
 * headers or bodies, and with them credentials.
 */
export function observationError(
  source: string,
  error: unknown,
): ObservationError {
  if (error instanceof TransportError) {
    const detail = error.code ? ` (${error.code})` : '';
    return {
      source,
      kind: error.kind,
      message: `${source}: ${TRANSPORT_MESSAGES[error.kind]}${detail}`,
    };
  }
  if (error instanceof ApiException) {
    const code = Number(error.code);
    const phrase = STATUS_CODES[code] ?? 'unexpected status';
    const reason = statusReason(error.body);
    const hint = HINTS[code];
    return {
      source,
      kind: kindOfStatus(code),
      message: [
        `${source}: HTTP ${code} ${phrase}`,
        reason &&
        reason.toLowerCase() !== phrase.replace(/\s/g, '').toLowerCase()
          ? ` (${reason})`
          : '',
        hint ? `; ${hint}` : '',
      ].join(''),
    };
  }
  if (error instanceof ObservationFailure) return error.observation;
  // Anything else (a parse error in client-node, a bug): its class, never its text.
  const name = error instanceof Error ? error.name : typeof error;
  return {
    source,
    kind: 'invalid',
    message: `${source}: the answer could not be read (${name})`,
  };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiException && Number(error.code) === 404;
}
