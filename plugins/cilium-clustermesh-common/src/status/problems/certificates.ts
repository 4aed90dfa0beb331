import { kubectlCommand } from '../commands';
import type { MeshProblem } from '../meshStatus';
import { listNames, meshProblem, outliers, ProblemContext } from './problem';

const DAY_MS = 24 * 3600 * 1000;

function copyCaCommand(from: string, to: string): string {
  return `${kubectlCommand(
    to,
    '-n kube-system delete secret cilium-ca',
  )} && ${kubectlCommand(
    from,
    '-n kube-system get secret cilium-ca -o yaml',
  )} | ${kubectlCommand(to, '-n kube-system create -f -')}`;
}

/** Peers trust each other only through one shared Cilium CA. */
export function detectCaMismatch({ index }: ProblemContext): MeshProblem[] {
  const withKey = index.clusters.flatMap(cluster => {
    const keyId =
      cluster.cilium?.clustermeshApiserver?.certificate?.issuerKeyId;
    return keyId ? [{ cluster: cluster.name, value: keyId }] : [];
  });
  const result = outliers(withKey);
  return result.outliers.map(({ cluster, value }) => {
    const source =
      result.agreeing[0] ??
      withKey.find(other => other.value !== value)!.cluster;
    const title =
      result.majority === undefined
        ? `${cluster} uses its own Cilium CA, and no CA is shared by most of the mesh`
        : `${cluster} uses a different Cilium CA than ${listNames(
            result.agreeing,
          )}`;
    return meshProblem('ca-mismatch', 'error', [cluster], {
      title,
      explanation: `The clustermesh-apiserver certificate of ${cluster} is issued by a CA with key ID ${value}. Clusters authenticate each other with mutual TLS against the Cilium CA (Secret cilium-ca), so ${cluster} and the clusters with another CA reject each other's certificates; cilium clustermesh connect stops on this mismatch unless --allow-mismatching-ca is given.`,
      remediation: `Copy Secret cilium-ca from ${source} to ${cluster}, then have Cilium reissue ${cluster}'s clustermesh certificates (helm upgrade with tls.auto.method=helm, or run the clustermesh-apiserver-generate-certs job with cronJob) and restart the clustermesh-apiserver and the agents.`,
      command: copyCaCommand(source, cluster),
    });
  });
}

function formatDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function detectExpiringCertificates({
  index,
  now,
  certificateWarningDays,
}: ProblemContext): MeshProblem[] {
  const problems: MeshProblem[] = [];
  for (const cluster of index.clusters) {
    const certificate = cluster.cilium?.clustermeshApiserver?.certificate;
    const notAfter = certificate ? Date.parse(certificate.notAfter) : NaN;
    if (Number.isNaN(notAfter)) {
      continue;
    }
    const remainingMs = notAfter - now.getTime();
    if (remainingMs > certificateWarningDays * DAY_MS) {
      continue;
    }
    const expired = remainingMs <= 0;
    const days = Math.ceil(remainingMs / DAY_MS);
    const subject = `The clustermesh-apiserver certificate of ${cluster.name}`;
    const day = formatDay(notAfter);
    const daysLeft = days === 1 ? '1 day' : `${days} days`;
    problems.push(
      meshProblem(
        'certificate-expiring',
        expired ? 'error' : 'warning',
        [cluster.name],
        {
          title: expired
            ? `${subject} expired on ${day}`
            : `${subject} expires in ${daysLeft} (${day})`,
          explanation: expired
            ? `Peers verify this certificate on every connection, so no cluster can sync from ${cluster.name} until it is renewed.`
            : `Peers verify this certificate on every connection; once it expires no cluster can sync from ${cluster.name}.`,
          remediation:
            'Renew it with the method the release uses: with tls.auto.method=cronJob run the certificate job now (below); with helm, a helm upgrade issues new certificates; with certmanager, check the Certificate resources. Renewal keeps the CA, so peers need no change.',
          command: kubectlCommand(
            cluster.name,
            '-n kube-system create job --from=cronjob/clustermesh-apiserver-generate-certs clustermesh-apiserver-generate-certs-renew',
          ),
        },
      ),
    );
  }
  return problems;
}

export const certificateDetectors = [
  detectCaMismatch,
  detectExpiringCertificates,
];
