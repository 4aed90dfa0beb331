import {
  ClusterMeshMetrics,
  ClusterMeshMetricsLayer,
  parseClusterMeshMetrics,
} from './metrics';

const NEWLINE = 0x0a;

/**
 * Line-aligned pieces of a text body, each well below V8's large-object size:
 * an agent's metrics at 255 clusters are ~150 KB, and as one string each of
 * ~1,000 scrapes per refresh would go straight to the old generation and
 * wait for a full garbage collection.
 */
export function lineAlignedText(
  body: Uint8Array,
  pieceBytes = 32 * 1024,
): string[] {
  // Not Buffer: this package also runs in browsers.
  const decoder = new TextDecoder();
  const pieces: string[] = [];
  let start = 0;
  while (start < body.length) {
    let end = Math.min(body.length, start + pieceBytes);
    if (end < body.length) {
      const newline = body.lastIndexOf(NEWLINE, end - 1);
      if (newline >= start) end = newline + 1;
      else {
        const next = body.indexOf(NEWLINE, end);
        end = next < 0 ? body.length : next + 1;
      }
    }
    pieces.push(decoder.decode(body.subarray(start, end)));
    start = end;
  }
  return pieces;
}

/** {@link parseClusterMeshMetrics} of a scrape as it arrived, in UTF-8. */
export function parseClusterMeshMetricsBody(
  body: Uint8Array,
  layer: ClusterMeshMetricsLayer,
): ClusterMeshMetrics {
  return parseClusterMeshMetrics(lineAlignedText(body), layer);
}
