import { collectSecrets, findLeaks } from './leaks';

describe('findLeaks', () => {
  const secrets = collectSecrets({
    clusters: [
      {
        name: 'c1',
        serviceAccountToken: 'a'.repeat(64),
        caData: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB').toString(
          'base64',
        ),
      },
    ],
  });

  it.each([
    ['{"pem":"-----BEGIN CERTIFICATE-----\\nMIIB"}', 'PEM block'],
    ['{"x":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.sig"}', 'JWT'],
    ['{"client-key-data":"LS0t"}', 'kubeconfig field'],
    ['{"serviceAccountToken":"x"}', 'credential field'],
    ['{"h":"Bearer abcdefghijklmnopqrstuvwxyz"}', 'bearer header'],
    [`{"note":"${'a'.repeat(64)}"}`, 'a configured secret value'],
  ])('finds %s as %s', (body, what) => {
    expect(findLeaks([body], secrets)).toEqual([`response 0: ${what}`]);
  });

  it('passes a status body with names, addresses and dates', () => {
    const body = JSON.stringify({
      mesh: 'lab-mesh',
      clusters: [{ name: 'cluster1', cilium: { podCidrs: ['10.1.0.0/16'] } }],
      certificate: { issuerKeyId: 'ab12', notAfter: '2029-01-01T00:00:00Z' },
    });
    expect(findLeaks([body], secrets)).toEqual([]);
  });
});
