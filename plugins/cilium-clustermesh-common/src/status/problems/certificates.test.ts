import {
  ClusterChange,
  makeUnreachable,
  SEED_NOW,
  seed,
} from '../__testUtils__/observations';
import { problemById, problemIds, problemsOf } from '../__testUtils__/problems';

const DAY_MS = 24 * 3600 * 1000;

const issuedBy =
  (issuerKeyId: string): ClusterChange =>
  (_, c) => {
    c.clustermeshApiserver!.certificate!.issuerKeyId = issuerKeyId;
  };

const expiresInDays =
  (days: number): ClusterChange =>
  (_, c) => {
    c.clustermeshApiserver!.certificate!.notAfter = new Date(
      SEED_NOW.getTime() + days * DAY_MS,
    ).toISOString();
  };

describe('certificate problems', () => {
  it.each<[string, Record<string, ClusterChange>, string[]]>([
    [
      'the one cluster with another CA',
      { cluster3: issuedBy('aa:bb') },
      ['ca-mismatch:cluster3'],
    ],
    [
      'every cluster when the CAs tie',
      { cluster2: issuedBy('aa:bb'), cluster3: makeUnreachable },
      [
        'ca-mismatch:cluster1',
        'ca-mismatch:cluster2',
        'cluster-unreachable:cluster3',
      ],
    ],
    [
      'nothing for clusters without a certificate',
      {
        cluster2: (_, c) => {
          delete c.clustermeshApiserver!.certificate;
        },
        cluster3: (_, c) => {
          delete c.clustermeshApiserver!.certificate!.issuerKeyId;
        },
      },
      [],
    ],
    [
      'a certificate expiring within 30 days',
      { cluster2: expiresInDays(10) },
      ['certificate-expiring:cluster2'],
    ],
    [
      'an expired certificate',
      { cluster2: expiresInDays(-1) },
      ['certificate-expiring:cluster2'],
    ],
    ['nothing for 31 days left', { cluster2: expiresInDays(31) }, []],
  ])('reports %s', (_, changes, ids) => {
    expect(problemIds(seed(changes))).toEqual(ids);
  });

  it.each<[number, number | undefined, string | undefined]>([
    [10, undefined, 'warning'],
    [30, undefined, 'warning'],
    [0.5, undefined, 'warning'],
    [-1, undefined, 'error'],
    [45, 60, 'warning'],
    [45, undefined, undefined],
    [10, 7, undefined],
  ])(
    'a certificate with %s days left, warning days %s, is %s',
    (days, certificateWarningDays, severity) => {
      const problem = problemsOf(seed({ cluster1: expiresInDays(days) }), {
        certificateWarningDays,
      }).find(p => p.id === 'certificate-expiring:cluster1');
      expect(problem?.severity).toBe(severity);
    },
  );

  it('says when the certificate expires', () => {
    expect(
      problemById(
        seed({ cluster2: expiresInDays(10) }),
        'certificate-expiring:cluster2',
      ).title,
    ).toBe(
      'The clustermesh-apiserver certificate of cluster2 expires in 10 days (2026-06-11)',
    );
    expect(
      problemById(
        seed({ cluster2: expiresInDays(-2) }),
        'certificate-expiring:cluster2',
      ).title,
    ).toBe(
      'The clustermesh-apiserver certificate of cluster2 expired on 2026-05-30',
    );
  });

  it('tells how to copy the majority CA to the odd cluster', () => {
    const problem = problemById(
      seed({ cluster3: issuedBy('aa:bb') }),
      'ca-mismatch:cluster3',
    );
    expect(problem).toMatchObject({
      severity: 'error',
      title: 'cluster3 uses a different Cilium CA than cluster1 and cluster2',
      command:
        'kubectl --context cluster3 -n kube-system delete secret cilium-ca && kubectl --context cluster1 -n kube-system get secret cilium-ca -o yaml | kubectl --context cluster3 -n kube-system create -f -',
    });
  });
});
