import { CodeSnippet } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { MeshProblem } from '@meshportal/plugin-cilium-clustermesh-common';
import { SeverityLabel } from '../shared/states';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  problem: {
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  title: { fontWeight: theme.typography.fontWeightBold as number },
  command: { marginTop: theme.spacing(1) },
}));

export interface RelatedProblemsProps {
  /** Already narrowed to the subject and ordered. */
  problems: MeshProblem[];
  emptyText: string;
}

/** Each problem with what to change and the next command, ready to copy. */
export function RelatedProblems(props: RelatedProblemsProps) {
  const classes = useStyles();
  if (props.problems.length === 0) {
    return <Typography variant="body2">{props.emptyText}</Typography>;
  }
  return (
    <ul className={classes.list}>
      {props.problems.map(problem => (
        <li key={problem.id} className={classes.problem}>
          <SeverityLabel severity={problem.severity} />
          <Typography variant="body2" component="p" className={classes.title}>
            {problem.title}
          </Typography>
          <Typography variant="body2" component="p">
            {problem.explanation}
          </Typography>
          <Typography variant="body2" component="p">
            What to do: {problem.remediation}
          </Typography>
          {problem.command && (
            <div className={classes.command}>
              <CodeSnippet
                text={problem.command}
                language="bash"
                showCopyCodeButton
                wrapLongLines
              />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
