import { IncomingMessage } from 'node:http';
import { readBody } from './http';
import { isJsonObject } from './json';
import { ResourceRequest } from './requestInfo';
import { Status } from './status';

/** Which requests a fault hits; every field given must match. */
export interface RequestMatch {
  /** A Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: string;
  /** The plural, e.g. `secrets`, or with a subresource, e.g. `pods/status`. */
  resource?: string;
  namespace?: string;
  /** Matches the object's name; for a create, the name in the body. */
  namePrefix?: string;
}

export interface RequestFailure {
  code: number;
  reason: string;
  message: string;
}

/** What a request sees when etcd does not answer in time. */
export const ETCD_TIMEOUT: RequestFailure = {
  code: 500,
  reason: 'InternalError',
  message: 'etcdserver: request timed out',
};

interface ArmedFault {
  match: RequestMatch;
  remaining: number;
  failure: RequestFailure;
}

/** Requests the API server is told to fail before they reach the registry, oldest fault first. */
export class RequestFaults {
  private armed: ArmedFault[] = [];

  arm(
    match: RequestMatch,
    count: number,
    failure: RequestFailure = ETCD_TIMEOUT,
  ): void {
    if (count > 0) this.armed.push({ match, remaining: count, failure });
  }

  /** The Status to answer `info` with, using up one count of the fault it matches; undefined to serve it. */
  async take(
    info: ResourceRequest,
    request: IncomingMessage,
  ): Promise<Status | undefined> {
    if (this.armed.length === 0) return undefined;
    const candidates = this.armed.filter(fault =>
      matchesRequest(fault.match, info),
    );
    if (candidates.length === 0) return undefined;
    const name = candidates.some(fault => fault.match.namePrefix !== undefined)
      ? await nameOf(info, request)
      : undefined;
    const fault = candidates.find(
      candidate =>
        candidate.remaining > 0 &&
        (candidate.match.namePrefix === undefined ||
          (name?.startsWith(candidate.match.namePrefix) ?? false)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    this.armed = this.armed.filter(candidate => candidate.remaining > 0);
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: fault.failure.message,
      reason: fault.failure.reason,
      code: fault.failure.code,
    };
  }
}

function matchesRequest(match: RequestMatch, info: ResourceRequest): boolean {
  const resource = info.subresource
    ? `${info.resource}/${info.subresource}`
    : info.resource;
  return (
    (match.verb === undefined || match.verb === info.verb) &&
    (match.resource === undefined ||
      match.resource === info.resource ||
      match.resource === resource) &&
    (match.namespace === undefined || match.namespace === info.namespace)
  );
}

/** The URL names the object except on create, where the body does. */
async function nameOf(
  info: ResourceRequest,
  request: IncomingMessage,
): Promise<string | undefined> {
  if (info.name) return info.name;
  if (info.verb !== 'create') return undefined;
  const text = (await readBody(request)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const metadata = isJsonObject(body) ? body.metadata : undefined;
  if (!isJsonObject(metadata)) return undefined;
  const name = metadata.name ?? metadata.generateName;
  return typeof name === 'string' ? name : undefined;
}
