import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_STATUS_SETTINGS, readStatusSettings } from './settings';

describe('readStatusSettings', () => {
  const read = (status?: object) =>
    readStatusSettings(
      mockServices.rootConfig({
        data: status ? { ciliumClusterMesh: { status } } : {},
      }),
    );

  it('uses the defaults without configuration', () => {
    expect(read()).toEqual(DEFAULT_STATUS_SETTINGS);
  });

  it('reads seconds as milliseconds and a schedule', () => {
    expect(
      read({
        clusterTimeoutSeconds: 3,
        manualRefreshIntervalSeconds: 0.5,
        probeCertificates: false,
        schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } },
      }),
    ).toMatchObject({
      clusterTimeoutMs: 3000,
      manualRefreshIntervalMs: 500,
      probeCertificates: false,
      schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } },
      concurrency: DEFAULT_STATUS_SETTINGS.concurrency,
    });
  });

  it.each([
    [undefined, true],
    [true, true],
    [false, false],
    ['false', false],
    ['configuredEndpoints', 'configuredEndpoints'],
  ])('reads probeCertificates %j as %j', (probeCertificates, expected) => {
    expect(read({ probeCertificates }).probeCertificates).toBe(expected);
  });

  it('reads metricsParserThreads, 0 meaning the event loop', () => {
    expect(read({ metricsParserThreads: 0 }).metricsParserThreads).toBe(0);
    expect(read({ metricsParserThreads: 3 }).metricsParserThreads).toBe(3);
  });

  it.each([
    [
      { metricsParserThreads: 1.5 },
      'ciliumClusterMesh.status.metricsParserThreads',
      'must be a whole number from 0 to 16',
    ],
    [
      { metricsParserThreads: -1 },
      'ciliumClusterMesh.status.metricsParserThreads',
      'must be a whole number from 0 to 16',
    ],
    [
      { clusterTimeoutSeconds: 0 },
      'ciliumClusterMesh.status.clusterTimeoutSeconds',
      'must be a positive number',
    ],
    [
      { concurrency: -2 },
      'ciliumClusterMesh.status.concurrency',
      'must be a positive number',
    ],
    [
      { probeCertificates: 'configured' },
      'ciliumClusterMesh.status.probeCertificates',
      'must be true, false or "configuredEndpoints"',
    ],
  ])('refuses %j naming the key and the fix', (status, key, rule) => {
    expect(() => read(status)).toThrow(
      new RegExp(`^${key.replace(/\./g, '\\.')}: ${rule}.*Fix: `),
    );
  });
});
