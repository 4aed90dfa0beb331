import { InputError } from '@backstage/errors';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { caFingerprint, chooseMeshCa, createMeshCa } from './meshCa';

describe('createMeshCa', () => {
  it('makes a self-signed ECDSA P-256 CA valid for three years, its key matching', async () => {
    const ca = await createMeshCa('meshportal lab-mesh CA');
    const certificate = new X509Certificate(ca.certPem);
    expect(certificate.ca).toBe(true);
    expect(certificate.subject).toBe('CN=meshportal lab-mesh CA');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails).toEqual({
      namedCurve: 'prime256v1',
    });
    const key = createPrivateKey(ca.keyPem);
    expect(certificate.checkPrivateKey(key)).toBe(true);
    // PKCS#8 PEM, as the chart's tls.ca.key expects.
    expect(key.export({ type: 'pkcs8', format: 'pem' })).toBe(ca.keyPem);
    const days =
      (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) /
      86_400_000;
    expect(Math.round(days)).toBe(1095);
  });
});

describe('caFingerprint', () => {
  it('is the SHA-256 of the DER, the same for the same certificate', async () => {
    const ca = await createMeshCa('a');
    const der = new X509Certificate(ca.certPem).raw;
    const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
    expect(caFingerprint(ca.certPem)).toBe(hex.match(/../g)!.join(':'));
    expect(caFingerprint(ca.certPem)).not.toBe(
      caFingerprint((await createMeshCa('a')).certPem),
    );
  });
});

describe('chooseMeshCa', () => {
  let one: { certPem: string; keyPem: string };
  let other: { certPem: string; keyPem: string };

  beforeAll(async () => {
    [one, other] = await Promise.all([
      createMeshCa('one'),
      createMeshCa('other'),
    ]);
  });

  it('generates when no cluster has a CA yet', () => {
    expect(chooseMeshCa([])).toEqual({ kind: 'generate' });
    expect(chooseMeshCa([{ cluster: 'a' }, { cluster: 'b' }])).toEqual({
      kind: 'generate',
    });
  });

  it('reuses the single CA the clusters hold, naming them', () => {
    expect(
      chooseMeshCa([
        { cluster: 'a', ca: one },
        { cluster: 'b' },
        { cluster: 'c', ca: { ...one } },
      ]),
    ).toEqual({
      kind: 'reuse',
      ca: one,
      fingerprint: caFingerprint(one.certPem),
      clusters: ['a', 'c'],
    });
  });

  it('refuses clusters holding different CAs, naming both and the fix, never a key', () => {
    const error = (() => {
      try {
        chooseMeshCa([
          { cluster: 'aks-east', ca: one },
          { cluster: 'aks-new' },
          { cluster: 'aks-west', ca: other },
        ]);
        return undefined;
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toContain(
      `Clusters hold different Cilium CAs: aks-east (CA ${caFingerprint(
        one.certPem,
      ).slice(0, 23)}…) and aks-west (CA ${caFingerprint(other.certPem).slice(
        0,
        23,
      )}…)`,
    );
    expect(error!.message).toContain(
      'Fix: mesh only clusters that share a CA, or copy Secret kube-system/cilium-ca',
    );
    expect(error!.message).not.toContain('PRIVATE');
  });
});
