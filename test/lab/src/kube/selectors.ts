import { FieldReader, ResourceType } from './resources/resourceType';
import { KubeApiError } from './status';
import { KubeObject } from './types';

type LabelOperator =
  | 'exists'
  | 'doesNotExist'
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'notIn'
  | 'greaterThan'
  | 'lessThan';

interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type LabelSelector = (
  labels: Record<string, string> | undefined,
) => boolean;
export type FieldSelector = (object: KubeObject) => boolean;

const KEY = String.raw`(?:[a-z0-9A-Z](?:[-a-z0-9A-Z_.]*[a-z0-9A-Z])?/)?[a-z0-9A-Z](?:[-a-z0-9A-Z_.]*[a-z0-9A-Z])?`;
const VALUE = String.raw`(?:[a-z0-9A-Z](?:[-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?`;
const SET_REQUIREMENT = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const EQUALITY_REQUIREMENT = new RegExp(
  `^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`,
);
const NUMERIC_REQUIREMENT = new RegExp(`^(${KEY})\\s*(<|>)\\s*(-?\\d+)$`);
const EXISTS_REQUIREMENT = new RegExp(`^(!?)\\s*(${KEY})$`);

/** Splits on commas that are not inside `in (...)` value sets. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < selector.length; index++) {
    const character = selector[index];
    if (character === '(') depth++;
    else if (character === ')') depth--;
    else if (character === ',' && depth === 0) {
      parts.push(selector.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map(part => part.trim());
}

function parseRequirement(text: string): LabelRequirement {
  const set = SET_REQUIREMENT.exec(text);
  if (set) {
    const values = set[3].split(',').map(value => value.trim());
    if (values.some(value => !new RegExp(`^${VALUE}$`).test(value))) {
      throw KubeApiError.badRequest(
        `unable to parse requirement: invalid label value in "${text}"`,
      );
    }
    return { key: set[1], operator: set[2] === 'in' ? 'in' : 'notIn', values };
  }
  const equality = EQUALITY_REQUIREMENT.exec(text);
  if (equality) {
    return {
      key: equality[1],
      operator: equality[2] === '!=' ? 'notEquals' : 'equals',
      values: [equality[3]],
    };
  }
  const numeric = NUMERIC_REQUIREMENT.exec(text);
  if (numeric) {
    return {
      key: numeric[1],
      operator: numeric[2] === '>' ? 'greaterThan' : 'lessThan',
      values: [numeric[3]],
    };
  }
  const exists = EXISTS_REQUIREMENT.exec(text);
  if (exists) {
    return {
      key: exists[2],
      operator: exists[1] ? 'doesNotExist' : 'exists',
      values: [],
    };
  }
  throw KubeApiError.badRequest(
    `unable to parse requirement: found '${text}', expected: a valid label selector requirement`,
  );
}

function requirementMatches(
  { key, operator, values }: LabelRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.hasOwn(labels, key);
  const value = labels[key];
  switch (operator) {
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    case 'equals':
    case 'in':
      return has && values.includes(value);
    case 'notEquals':
    case 'notIn':
      return !has || !values.includes(value);
    case 'greaterThan':
      return has && Number(value) > Number(values[0]);
    case 'lessThan':
      return has && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** Parses `labelSelector` syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export function parseLabelSelector(
  selector: string | undefined,
): LabelSelector | undefined {
  if (!selector?.trim()) return undefined;
  const requirements = splitRequirements(selector).map(parseRequirement);
  return labels =>
    requirements.every(requirement =>
      requirementMatches(requirement, labels ?? {}),
    );
}

const COMMON_FIELDS: Record<string, FieldReader> = {
  'metadata.name': object => object.metadata.name,
  'metadata.namespace': object => object.metadata.namespace,
};

/** Parses `fieldSelector` syntax (`a=b`, `a==b`, `a!=b`) against the fields the resource supports. */
export function parseFieldSelector(
  selector: string | undefined,
  resource: ResourceType,
): FieldSelector | undefined {
  if (!selector?.trim()) return undefined;
  const checks = selector.split(',').map(term => {
    const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!match) {
      throw KubeApiError.badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    }
    const [, field, operator, expected] = match;
    const read = COMMON_FIELDS[field] ?? resource.fieldSelectors[field];
    if (!read) {
      throw KubeApiError.badRequest(`field label not supported: ${field}`);
    }
    const wantEqual = operator !== '!=';
    return (object: KubeObject) =>
      ((read(object) ?? '') === expected) === wantEqual;
  });
  return object => checks.every(check => check(object));
}
