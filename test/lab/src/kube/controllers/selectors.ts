import { LabelSelectorRequirement, NodeSelectorTerm, PodSpec } from './shapes';

type Labels = Record<string, string> | undefined;

/** One requirement of a node selector term, as apimachinery evaluates it. */
function meetsRequirement(
  value: string | undefined,
  requirement: LabelSelectorRequirement,
): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** A Service's selector: a plain map, and an empty one selects nothing here. */
export function matchesServiceSelector(
  selector: Record<string, string>,
  labels: Labels,
): boolean {
  return Object.entries(selector).every(
    ([key, value]) => labels?.[key] === value,
  );
}

function matchesTerm(
  term: NodeSelectorTerm,
  nodeName: string,
  labels: Labels,
): boolean {
  return (
    (term.matchExpressions ?? []).every(requirement =>
      meetsRequirement(labels?.[requirement.key], requirement),
    ) &&
    (term.matchFields ?? []).every(requirement =>
      meetsRequirement(
        requirement.key === 'metadata.name' ? nodeName : undefined,
        requirement,
      ),
    )
  );
}

/** nodeSelector and required node affinity, the scheduler's NodeAffinity filter. */
export function podFitsNodeLabels(
  spec: PodSpec,
  nodeName: string,
  labels: Labels,
): boolean {
  const selectorMatches = Object.entries(spec.nodeSelector ?? {}).every(
    ([key, value]) => labels?.[key] === value,
  );
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  return (
    selectorMatches &&
    (!terms ||
      terms.length === 0 ||
      terms.some(term => matchesTerm(term, nodeName, labels)))
  );
}
