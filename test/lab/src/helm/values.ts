import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { HelmError } from './errors';

export type Values = Record<string, unknown>;

function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Helm's coalescing: maps merge key by key, everything else (lists included) is replaced. */
export function mergeValues(base: Values, override: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] =
      isMap(value) && isMap(merged[key])
        ? mergeValues(merged[key] as Values, value)
        : value;
  }
  return merged;
}

export async function readValuesFile(path: string): Promise<Values> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new HelmError(`open ${path}: no such file or directory`);
  }
  let parsed: unknown;
  try {
    parsed = parseValuesText(text);
  } catch (error) {
    throw new HelmError(`failed to parse ${path}: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isMap(parsed)) {
    throw new HelmError(
      `failed to parse ${path}: error unmarshaling JSON: json: cannot unmarshal array into Go value of type map[string]interface {}`,
    );
  }
  return parsed;
}

/** JSON is YAML too; parsing it as JSON first spares large generated values files the YAML parser. */
function parseValuesText(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Not strict JSON after all (e.g. a YAML flow mapping): YAML decides.
    }
  }
  return parseYaml(text);
}

/** Helm's `--set` typing: integers, booleans and null are typed, the rest are strings. */
function typedScalar(text: string): unknown {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  return text;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && i + 1 < text.length) {
      // Only the separator is unescaped here; other escapes are for later splits.
      current += text[i + 1] === separator ? '' : char;
      current += text[++i];
      continue;
    }
    if (char === '{') depth++;
    if (char === '}') depth--;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

function assignPath(target: Values, path: string, value: unknown) {
  const keys = splitUnescaped(path, '.').map(unescape);
  let node: Values = target;
  keys.forEach((key, index) => {
    const last = index === keys.length - 1;
    const indexed = key.match(/^(.+)\[(\d+)\]$/);
    if (indexed) {
      const [, name, position] = indexed;
      const list = Array.isArray(node[name]) ? (node[name] as unknown[]) : [];
      node[name] = list;
      if (last) {
        list[Number(position)] = value;
      } else {
        list[Number(position)] = isMap(list[Number(position)])
          ? list[Number(position)]
          : {};
        node = list[Number(position)] as Values;
      }
      return;
    }
    if (last) {
      node[key] = value;
    } else {
      node[key] = isMap(node[key]) ? node[key] : {};
      node = node[key] as Values;
    }
  });
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function typed(text: string, asString: boolean): unknown {
  return asString ? text : typedScalar(text);
}

export function parseSetArguments(
  assignments: string[],
  asStrings: boolean,
): Values {
  const values: Values = {};
  for (const assignment of assignments) {
    for (const pair of splitUnescaped(assignment, ',')) {
      const equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new HelmError(
          `failed parsing --set data: key "${pair}" has no value`,
        );
      }
      const key = pair.slice(0, equals);
      const raw = pair.slice(equals + 1);
      const list = raw.match(/^\{(.*)\}$/);
      const value = list
        ? (list[1] === '' ? [] : splitUnescaped(list[1], ',')).map(item =>
            typed(unescape(item), asStrings),
          )
        : typed(unescape(raw), asStrings);
      assignPath(values, key, value);
    }
  }
  return values;
}

/** User-supplied values in Helm's precedence order: files, then --set, then --set-string. */
export async function collectUserValues(flags: {
  valuesFiles: string[];
  set: string[];
  setString: string[];
}): Promise<Values> {
  let values: Values = {};
  for (const file of flags.valuesFiles) {
    values = mergeValues(values, await readValuesFile(file));
  }
  values = mergeValues(values, parseSetArguments(flags.set, false));
  return mergeValues(values, parseSetArguments(flags.setString, true));
}
