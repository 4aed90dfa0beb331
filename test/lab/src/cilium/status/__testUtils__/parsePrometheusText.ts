/**
 * A strict reader for the subset of the text exposition format the lab
 * writes: HELP/TYPE comments and samples without timestamps. It refuses
 * anything it doesn't understand, so a formatting slip fails the test.
 */

export interface ParsedFamily {
  help?: string;
  type?: string;
  samples: Array<{ labels: Record<string, string>; value: number }>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);

export function parsePrometheusText(text: string): Map<string, ParsedFamily> {
  if (text !== '' && !text.endsWith('\n')) {
    throw new Error('exposition must end with a newline');
  }
  const families = new Map<string, ParsedFamily>();
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) {
      found = { samples: [] };
      families.set(name, found);
    }
    return found;
  };
  for (const line of text.split('\n').slice(0, -1)) {
    const comment = COMMENT.exec(line);
    const sample = comment ? null : SAMPLE.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      if (kind === 'HELP') family(name).help = unescapeText(rest, false);
      else family(name).type = rest;
    } else if (sample) {
      const [, name, labelText, valueText] = sample;
      family(name).samples.push({
        labels: parseLabels(labelText ?? ''),
        value: parseValue(valueText),
      });
    } else {
      throw new Error(`unparseable line: ${JSON.stringify(line)}`);
    }
  }
  return families;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/.exec(
      rest,
    );
    if (!match) throw new Error(`bad labels: ${text}`);
    labels[match[1]] = unescapeText(match[2], true);
    rest = rest.slice(match[0].length);
  }
  return labels;
}

function unescapeText(text: string, quotes: boolean): string {
  return text.replace(/\\(.)/g, (whole, char: string) => {
    if (char === 'n') return '\n';
    if (char === '\\') return '\\';
    if (char === '"' && quotes) return '"';
    throw new Error(`bad escape ${whole}`);
  });
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(text)) {
    throw new Error(`bad value ${text}`);
  }
  return Number(text);
}
