/**
 * Prometheus text exposition format 0.0.4, written the way client_golang's
 * registry and expfmt write it, so a scraper parsing the lab sees the same
 * bytes it would from a Cilium pod.
 */

export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: MetricSample[];
}

export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

export const PROMETHEUS_TEXT_CONTENT_TYPE =
  'text/plain; version=0.0.4; charset=utf-8';

export function renderExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  // client_golang gathers families sorted by name and drops a vector
  // that has no children yet, HELP and TYPE included.
  const present = families
    .filter(family => family.samples.length > 0)
    .sort((a, b) => compareBytes(a.name, b.name));
  for (const family of present) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    const samples = family.samples.map(sample => sortedPairs(sample));
    samples.sort(compareSamples);
    for (const { pairs, value } of samples) {
      lines.push(`${family.name}${renderLabels(pairs)} ${goFloat(value)}`);
    }
  }
  return lines.map(line => `${line}\n`).join('');
}

export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * strconv.FormatFloat(v, 'g', -1, 64), which expfmt uses: shortest digits,
 * exponent form when the exponent is below -4 or at least 6 (so a Unix
 * timestamp reads `1.7556e+09`), exponent padded to two digits.
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return String(value);
}

interface SortedSample {
  pairs: Array<[string, string]>;
  value: number;
}

function sortedPairs(sample: MetricSample): SortedSample {
  const pairs = Object.entries(sample.labels).sort(([a], [b]) =>
    compareBytes(a, b),
  );
  return { pairs, value: sample.value };
}

function compareSamples(a: SortedSample, b: SortedSample): number {
  const length = Math.min(a.pairs.length, b.pairs.length);
  for (let i = 0; i < length; i++) {
    const byValue = compareBytes(a.pairs[i][1], b.pairs[i][1]);
    if (byValue !== 0) return byValue;
  }
  return a.pairs.length - b.pairs.length;
}

function renderLabels(pairs: Array<[string, string]>): string {
  if (pairs.length === 0) return '';
  const rendered = pairs.map(
    ([name, value]) => `${name}="${escapeLabelValue(value)}"`,
  );
  return `{${rendered.join(',')}}`;
}

function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
