import { ServerResponse } from 'node:http';
import { ResourceRequest, isTrue } from '../requestInfo';
import { ResourceType, storageKeyOf } from '../resources/resourceType';
import { parseFieldSelector, parseLabelSelector } from '../selectors';
import { KubeApiError } from '../status';
import { StoredObject, StoreEvent } from '../store';
import { ApiContext } from './context';

const BOOKMARK_INTERVAL_MS = 60_000;
/** The API server's --min-request-timeout; watches without timeoutSeconds last 1-2 times this. */
const MIN_REQUEST_TIMEOUT_SECONDS = 1800;

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * A watch stream: newline-delimited JSON events over a chunked 200 response.
 * Without a resourceVersion (or with "0") it starts with synthetic ADDED
 * events for what exists; with one it replays the history after it, or sends
 * a 410 Expired ERROR event when that history is gone, as the watch cache does.
 */
export function serveWatch(
  context: ApiContext,
  resource: ResourceType,
  request: ResourceRequest,
  response: ServerResponse,
): void {
  const { query } = request;
  const store = context.operations.store;
  const namespace = resource.namespaced ? request.namespace : undefined;
  const matchesLabels = parseLabelSelector(
    query.get('labelSelector') ?? undefined,
  );
  const matchesFields = parseFieldSelector(
    query.get('fieldSelector') ?? undefined,
    resource,
  );
  const matches = ({ object }: StoredObject): boolean =>
    (namespace === undefined || object.metadata.namespace === namespace) &&
    (request.name === undefined || object.metadata.name === request.name) &&
    (!matchesLabels || matchesLabels(object.metadata.labels)) &&
    (!matchesFields || matchesFields(object));
  const requestedVersion = query.get('resourceVersion') ?? '';
  if (requestedVersion !== '' && !/^\d+$/.test(requestedVersion)) {
    throw KubeApiError.badRequest(
      `resourceVersion: Invalid value: "${requestedVersion}": must be a non-negative integer`,
    );
  }
  const sendInitialEvents = isTrue(query.get('sendInitialEvents'));
  const allowBookmarks = isTrue(query.get('allowWatchBookmarks'));
  const timeoutSeconds =
    Number(query.get('timeoutSeconds')) ||
    MIN_REQUEST_TIMEOUT_SECONDS * (1 + Math.random());

  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  });
  response.flushHeaders();
  const write = (type: WatchEventType, objectJson: string) =>
    response.write(`{"type":"${type}","object":${objectJson}}\n`);
  const bookmark = (annotations?: Record<string, string>) =>
    write(
      'BOOKMARK',
      JSON.stringify({
        kind: resource.kind,
        apiVersion: resource.apiVersion,
        metadata: {
          resourceVersion: String(store.resourceVersion),
          ...(annotations ? { annotations } : {}),
        },
      }),
    );

  let deliveredThrough = 0;
  const deliver = (event: StoreEvent): void => {
    if (storageKeyOf(event.resource) !== storageKeyOf(resource)) return;
    // Events committed while the stream was starting may arrive both by replay and live.
    if (event.resourceVersion <= deliveredThrough) return;
    deliveredThrough = event.resourceVersion;
    const matchesNow = matches(event.object);
    const matchedBefore =
      event.previous !== undefined && matches(event.previous);
    if (event.type === 'MODIFIED') {
      // Objects entering or leaving the selection look like adds and deletes to this watcher.
      if (matchesNow) {
        write(matchedBefore ? 'MODIFIED' : 'ADDED', event.object.json());
      } else if (matchedBefore) {
        write('DELETED', event.object.json());
      }
    } else if (matchesNow) {
      write(event.type, event.object.json());
    }
  };

  if (
    requestedVersion === '' ||
    requestedVersion === '0' ||
    sendInitialEvents
  ) {
    for (const stored of store.list(resource, namespace)) {
      if (matches(stored)) write('ADDED', stored.json());
    }
    deliveredThrough = store.resourceVersion;
    if (sendInitialEvents && allowBookmarks) {
      bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
  } else {
    const history = store.eventsSince(Number(requestedVersion));
    if (!history) {
      const expired = KubeApiError.expired(
        `too old resource version: ${requestedVersion} (${
          store.oldestResumableVersion + 1
        })`,
      );
      write('ERROR', JSON.stringify(expired.status));
      response.end();
      return;
    }
    deliveredThrough = Number(requestedVersion);
    history.forEach(deliver);
  }

  const unsubscribe = store.subscribe(deliver);
  const bookmarks = allowBookmarks
    ? setInterval(() => bookmark(), BOOKMARK_INTERVAL_MS)
    : undefined;
  const timeout = setTimeout(() => response.end(), timeoutSeconds * 1000);
  const close = () => {
    unsubscribe();
    clearInterval(bookmarks);
    clearTimeout(timeout);
    context.openWatches.delete(close);
    response.end();
  };
  context.openWatches.add(close);
  response.on('close', close);
}
