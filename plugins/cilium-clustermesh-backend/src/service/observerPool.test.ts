import { certificateProbeFor } from './observerPool';

describe('certificateProbeFor', () => {
  const withEndpoint = { clustermeshApiserverEndpoint: '127.21.3.4:2379' };
  const withoutEndpoint = {};

  it.each([
    [true, withEndpoint, { endpoint: '127.21.3.4:2379' }],
    // The observer then dials the clustermesh-apiserver Service's address.
    [true, withoutEndpoint, { endpoint: undefined }],
    ['configuredEndpoints', withEndpoint, { endpoint: '127.21.3.4:2379' }],
    ['configuredEndpoints', withoutEndpoint, false],
    [false, withEndpoint, false],
    [false, withoutEndpoint, false],
  ] as const)(
    'probeCertificates %j, cluster %j: %j',
    (setting, cluster, expected) => {
      expect(certificateProbeFor(setting, cluster)).toEqual(expected);
    },
  );
});
