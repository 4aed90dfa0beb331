/**
 * A tolerant reader of the Prometheus text exposition format (0.0.4, and the
 * OpenMetrics text it overlaps with). Metrics come from pods we do not
 * control, possibly through proxies, so a malformed line is skipped rather
 * than failing the whole scrape.
 */

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** As written, when the line carries one: milliseconds in format 0.0.4, seconds in OpenMetrics. */
  timestamp?: number;
}

export interface PrometheusParseResult {
  samples: PrometheusSample[];
  /** 1-based numbers of lines that were neither comments nor samples. */
  skippedLines: number[];
}

export function parsePrometheusText(text: string): PrometheusParseResult {
  const samples: PrometheusSample[] = [];
  const skippedLines: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const sample = parseSampleLine(line);
    if (sample) samples.push(sample);
    else skippedLines.push(index + 1);
  });
  return { samples, skippedLines };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Go's strconv.ParseFloat spellings, which is what exporters write. */
export function parsePrometheusValue(text: string): number | undefined {
  // Plain decimals first: nearly every sample is one.
  if (DECIMAL.test(text)) return Number(text);
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (/^[+]?inf(inity)?$/.test(lower)) return Infinity;
  if (/^-inf(inity)?$/.test(lower)) return -Infinity;
  return undefined;
}

// Sticky, so one exec reads a whole token where the cursor stands.
const NAME_CHAR = /[a-zA-Z0-9_:]*/y;
const LABEL_CHAR = /[a-zA-Z0-9_]*/y;
const SPACES = /[ \t]*/y;

class Cursor {
  position = 0;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    return this.text[this.position];
  }

  skipSpaces(): void {
    this.take(SPACES);
  }

  /** The run of characters `pattern` (sticky, `*`) matches here. */
  take(pattern: RegExp): string {
    pattern.lastIndex = this.position;
    const run = pattern.exec(this.text)?.[0] ?? '';
    this.position += run.length;
    return run;
  }

  /** A double-quoted string with `\\`, `\"` and `\n` escapes; undefined if unterminated. */
  quoted(): string | undefined {
    if (this.peek() !== '"') return undefined;
    this.position++;
    const close = this.text.indexOf('"', this.position);
    const escape = this.text.indexOf('\\', this.position);
    if (close >= 0 && (escape < 0 || escape > close)) {
      // No escapes, the usual case: one slice instead of a string per character.
      const value = this.text.slice(this.position, close);
      this.position = close + 1;
      return value;
    }
    let value = '';
    while (!this.done) {
      const char = this.text[this.position++];
      if (char === '"') return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = this.text[this.position++];
      if (escaped === undefined) return undefined;
      value += escaped === 'n' ? '\n' : escaped;
    }
    return undefined;
  }
}

/** One sample line (trimmed, not a comment), or undefined when it is malformed. */
export function parseSampleLine(line: string): PrometheusSample | undefined {
  const cursor = new Cursor(line);
  let name = cursor.take(NAME_CHAR);
  let labels: Record<string, string> = {};
  cursor.skipSpaces();
  if (cursor.peek() === '{') {
    const parsed = parseLabels(cursor);
    if (!parsed) return undefined;
    labels = parsed.labels;
    // Prometheus 3 may quote a name that is not a legal identifier inside the braces.
    name ||= parsed.quotedName ?? '';
  }
  if (!name) return undefined;
  cursor.skipSpaces();
  // OpenMetrics exemplars follow ` # `; they are not part of the sample.
  const rest = line.slice(cursor.position).split(' # ')[0].trim();
  const [valueText, timestampText, ...extra] = rest.split(/[ \t]+/);
  if (!valueText || extra.length > 0) return undefined;
  const value = parsePrometheusValue(valueText);
  if (value === undefined) return undefined;
  const sample: PrometheusSample = { name, labels, value };
  if (timestampText !== undefined) {
    const timestamp = parsePrometheusValue(timestampText);
    if (timestamp === undefined || !Number.isFinite(timestamp)) {
      return undefined;
    }
    sample.timestamp = timestamp;
  }
  return sample;
}

function parseLabels(
  cursor: Cursor,
): { labels: Record<string, string>; quotedName?: string } | undefined {
  const labels: Record<string, string> = {};
  let quotedName: string | undefined;
  cursor.position++; // the opening brace
  for (;;) {
    cursor.skipSpaces();
    if (cursor.peek() === '}') {
      cursor.position++;
      return { labels, quotedName };
    }
    const quotedKey = cursor.peek() === '"';
    const key = quotedKey ? cursor.quoted() : cursor.take(LABEL_CHAR);
    if (!key) return undefined;
    cursor.skipSpaces();
    if (cursor.peek() === '=') {
      cursor.position++;
      cursor.skipSpaces();
      const value = cursor.quoted();
      if (value === undefined) return undefined;
      labels[key] = value;
    } else if (quotedKey && quotedName === undefined) {
      quotedName = key;
    } else {
      return undefined;
    }
    cursor.skipSpaces();
    if (cursor.peek() === ',') cursor.position++;
    else if (cursor.peek() !== '}') return undefined;
  }
}
