import { stringify } from 'yaml';
import { Release } from '../releases';

/** What `helm status` prints: never the release's values, which may hold secrets. */
export function releaseStatus(release: Release) {
  return {
    name: release.name,
    info: release.info,
    chart: { metadata: release.chart.metadata },
    version: release.version,
    namespace: release.namespace,
  };
}

export function printRelease(
  release: Release,
  format: 'table' | 'json' | 'yaml',
  out: (text: string) => void,
) {
  if (format === 'json') {
    out(JSON.stringify(releaseStatus(release)));
    return;
  }
  if (format === 'yaml') {
    out(stringify(releaseStatus(release)).trimEnd());
    return;
  }
  out(
    [
      `NAME: ${release.name}`,
      `LAST DEPLOYED: ${new Date(release.info.last_deployed).toUTCString()}`,
      `NAMESPACE: ${release.namespace}`,
      `STATUS: ${release.info.status}`,
      `REVISION: ${release.version}`,
      'TEST SUITE: None',
    ].join('\n'),
  );
}
