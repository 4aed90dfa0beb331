import { StatusOK } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type {
  MeshProblem,
  ProblemSeverity,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { useMemo, useState } from 'react';
import { SEVERITY_TEXT } from '../shared/states';
import { ProblemItem } from './ProblemItem';
import {
  countsText,
  groupBySeverity,
  ProblemGroup,
  problemsAbout,
  PROBLEMS_SHOWN,
  severityCount,
} from './problemGroups';

export interface ProblemsPanelProps {
  problems: MeshProblem[];
  /** Only the problems that involve this cluster (mesh-definition name). */
  focus?: string;
  title?: string;
}

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0 },
});

function SeverityGroup(props: {
  group: ProblemGroup;
  expanded: boolean;
  onExpand(): void;
}) {
  const { group, expanded, onExpand } = props;
  const classes = useStyles();
  const shown = expanded
    ? group.problems
    : group.problems.slice(0, PROBLEMS_SHOWN);
  const hidden = group.problems.length - shown.length;
  return (
    <Box mb={2}>
      <ul
        className={classes.list}
        aria-label={`${SEVERITY_TEXT[group.severity]}: ${severityCount(
          group.severity,
          group.problems.length,
        )}`}
      >
        {shown.map(problem => (
          <ProblemItem key={problem.id} problem={problem} />
        ))}
      </ul>
      {hidden > 0 && (
        <Button variant="outlined" size="small" onClick={onExpand}>
          Show all {severityCount(group.severity, group.problems.length)}
        </Button>
      )}
    </Box>
  );
}

/** What is wrong in the mesh, worst first, each with its fix and docs. */
export function ProblemsPanel(props: ProblemsPanelProps) {
  const { problems, focus, title } = props;
  const [expanded, setExpanded] = useState<ReadonlySet<ProblemSeverity>>(
    new Set(),
  );
  const relevant = useMemo(
    () => problemsAbout(problems, focus),
    [problems, focus],
  );
  const groups = useMemo(() => groupBySeverity(relevant), [relevant]);

  return (
    <section aria-label={title ?? 'Problems'}>
      {title && <Typography variant="h6">{title}</Typography>}
      {groups.length === 0 ? (
        <StatusOK>No problems found</StatusOK>
      ) : (
        <>
          <Typography variant="subtitle1" component="p">
            {countsText(relevant)}
          </Typography>
          {groups.map(group => (
            <SeverityGroup
              key={group.severity}
              group={group}
              expanded={expanded.has(group.severity)}
              onExpand={() =>
                setExpanded(previous => new Set(previous).add(group.severity))
              }
            />
          ))}
        </>
      )}
    </section>
  );
}
