import { CodeSnippet } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { MeshProblem } from '@meshportal/plugin-cilium-clustermesh-common';
import { SeverityLabel } from '../shared/states';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { marginBottom: theme.spacing(2) },
}));

/** Each problem with what to change and the command to start with. */
export function ServiceProblemsList(props: { problems: MeshProblem[] }) {
  const classes = useStyles();
  if (!props.problems.length) {
    return (
      <Typography variant="body2">
        No problems found for this service.
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label="Problems">
      {props.problems.map(problem => (
        <li key={problem.id} className={classes.item}>
          <Typography variant="subtitle2" component="div">
            <SeverityLabel severity={problem.severity} /> {problem.title}
          </Typography>
          <Typography variant="body2">{problem.remediation}</Typography>
          {problem.command && (
            <CodeSnippet
              text={problem.command}
              language="bash"
              showCopyCodeButton
            />
          )}
        </li>
      ))}
    </ul>
  );
}
