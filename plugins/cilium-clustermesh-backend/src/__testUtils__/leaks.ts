/** Shapes of secret material that must never appear in an API response. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['PEM block', /-----BEGIN [A-Z ]+-----/],
  ['JWT', /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\./],
  [
    'kubeconfig field',
    /(client-key|client-certificate|certificate-authority)-data/,
  ],
  ['kubeconfig document', /"?kind"?\s*:\s*"?Config"?[\s\S]*"?users"?\s*:/],
  [
    'credential field',
    /"(token|serviceAccountToken|clientKeyData|clientCertData|caData|password|clientSecret)"\s*:/i,
  ],
  ['bearer header', /Bearer\s+\S{16,}/],
];

/** Every secret value in a mesh config entry (tokens, keys, CA data). */
export function collectSecrets(meshConfig: {
  clusters: Record<string, unknown>[];
}): string[] {
  return meshConfig.clusters.flatMap(cluster =>
    ['serviceAccountToken', 'clientKeyData', 'clientCertData', 'caData']
      .map(key => cluster[key])
      .filter((value): value is string => typeof value === 'string'),
  );
}

/** Which bodies contain secret-shaped text or one of the known secret values. */
export function findLeaks(bodies: string[], secrets: string[]): string[] {
  const leaks: string[] = [];
  bodies.forEach((body, index) => {
    for (const [what, pattern] of SECRET_PATTERNS) {
      if (pattern.test(body)) leaks.push(`response ${index}: ${what}`);
    }
    for (const secret of secrets) {
      // A PEM's base64 body is long enough that a 40-character slice is unique.
      if (body.includes(secret.slice(0, 40))) {
        leaks.push(`response ${index}: a configured secret value`);
      }
    }
  });
  return leaks;
}
