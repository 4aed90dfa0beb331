import { KubeConfig } from '@kubernetes/client-node';
import { STATUS_CODES } from 'node:http';

/** The cluster a KubeConfig points at, for messages. */
export function clusterLabel(kubeConfig: KubeConfig): string {
  return kubeConfig.getCurrentCluster()?.name ?? 'the cluster';
}

export function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/** The API server's own Status message, when the body is a Kubernetes Status. */
function statusMessage(error: unknown): string | undefined {
  let body = (error as { body?: unknown } | null)?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = body as { kind?: unknown; message?: unknown } | null;
  return message?.kind === 'Status' && typeof message.message === 'string'
    ? message.message.slice(0, 500)
    : undefined;
}

/**
 * An Error for a failed Kubernetes call, built from the status code and the
 * API server's Status message only: client-node's own errors can carry
 * request headers, and with them credentials.
 */
export function kubeFailure(error: unknown, action: string): Error {
  const code = statusCodeOf(error);
  if (code !== undefined) {
    const message = statusMessage(error);
    return new Error(
      `Could not ${action}: ${code} ${STATUS_CODES[code] ?? ''}${
        message ? ` (${message})` : ''
      }`.trim(),
    );
  }
  const cause = (error as { code?: unknown; cause?: { code?: unknown } })?.cause
    ?.code;
  return new Error(
    `Could not ${action}: the API server could not be reached${
      typeof cause === 'string' ? ` (${cause})` : ''
    }`,
  );
}
