/** A broken rule, phrased so a person can fix their input without reading code. */
export interface RuleViolation {
  /** Path of the offending input, for example `clusters[1].name`. */
  field: string;
  /** The rule that does not hold. */
  rule: string;
  /** What to change so that it holds. */
  fix: string;
}

export function formatViolation(violation: RuleViolation): string {
  return `${violation.field}: ${violation.rule}. Fix: ${violation.fix}`;
}

export function formatViolations(violations: RuleViolation[]): string {
  return violations.map(formatViolation).join('\n');
}
