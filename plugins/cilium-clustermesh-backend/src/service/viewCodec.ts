import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import type { MeshView } from './meshStatusService';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const FORMAT = 'gzip+json:';

/**
 * A view as the shared cache holds it: gzip'd JSON in base64. At 255
 * clusters the JSON is tens of MB, and the cache's serializer copies it once
 * more with every quote escaped, for each mesh, next to the previous one until
 * it is replaced; compressed it is a few MB, and Redis or Memcached send less
 * too. zlib works on the thread pool, not the event loop.
 */
export async function packView(view: MeshView): Promise<string> {
  const packed = await gzipAsync(JSON.stringify(view), {
    level: constants.Z_BEST_SPEED,
  });
  return FORMAT + packed.toString('base64');
}

/** The view, or undefined for anything {@link packView} did not write. */
export async function unpackView(
  cached: unknown,
): Promise<MeshView | undefined> {
  if (typeof cached !== 'string' || !cached.startsWith(FORMAT)) {
    return undefined;
  }
  try {
    const json = await gunzipAsync(
      Buffer.from(cached.slice(FORMAT.length), 'base64'),
    );
    return JSON.parse(json.toString('utf8')) as MeshView;
  } catch {
    // Truncated or foreign: read the mesh again rather than fail the request.
    return undefined;
  }
}
