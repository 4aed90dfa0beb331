export { ProblemsPanel } from './ProblemsPanel';
export type { ProblemsPanelProps } from './ProblemsPanel';
export { ProblemItem } from './ProblemItem';
export { PROBLEM_DOCS, problemDocsUrl } from './problemDocs';
export {
  countsText,
  groupBySeverity,
  problemsAbout,
  PROBLEMS_SHOWN,
  subjectText,
} from './problemGroups';
export type { ProblemGroup } from './problemGroups';
