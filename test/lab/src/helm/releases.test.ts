import { gunzipSync } from 'node:zlib';
import {
  decodeRelease,
  encodeRelease,
  Release,
  releaseSecretName,
} from './releases';

const release: Release = {
  name: 'cilium',
  namespace: 'kube-system',
  version: 3,
  info: {
    first_deployed: '2026-11-26T00:00:00Z',
    last_deployed: '2026-11-26T01:00:00Z',
    deleted: '',
    description: 'Upgrade complete',
    status: 'deployed',
  },
  chart: {
    metadata: {
      apiVersion: 'v2',
      name: 'cilium',
      version: '1.20.0',
      appVersion: '1.20.0',
      description: 'd',
      home: 'h',
    },
    values: {},
  },
  config: { cluster: { name: 'c1', id: 1 } },
  manifest: '',
};

describe('release encoding', () => {
  it('is base64 of base64 of gzip of JSON, as Helm stores it in a Secret', () => {
    const secretData = encodeRelease(release);
    const helmBytes = Buffer.from(secretData, 'base64').toString('utf8');
    const json = gunzipSync(Buffer.from(helmBytes, 'base64')).toString('utf8');
    expect(JSON.parse(json).config).toEqual({ cluster: { name: 'c1', id: 1 } });
    expect(decodeRelease(secretData)).toEqual(release);
  });

  it('names revisions like Helm', () => {
    expect(releaseSecretName('cilium', 3)).toBe('sh.helm.release.v1.cilium.v3');
  });
});
