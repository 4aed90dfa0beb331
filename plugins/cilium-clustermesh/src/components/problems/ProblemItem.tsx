import { CodeSnippet, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { MeshProblem } from '@meshportal/plugin-cilium-clustermesh-common';
import { SeverityLabel } from '../shared/states';
import { subjectText } from './problemGroups';
import { problemDocsUrl } from './problemDocs';

const useStyles = makeStyles(theme => ({
  item: {
    padding: theme.spacing(1.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  title: { display: 'flex', alignItems: 'baseline', gap: theme.spacing(1) },
  paragraph: { marginTop: theme.spacing(0.5) },
}));

/** One problem: what is wrong, why it matters, what to change and run. */
export function ProblemItem(props: { problem: MeshProblem }) {
  const { problem } = props;
  const classes = useStyles();
  return (
    <li className={classes.item} aria-label={problem.title}>
      <Typography variant="subtitle2" component="div" className={classes.title}>
        <SeverityLabel severity={problem.severity} />
        <span>{problem.title}</span>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {subjectText(problem)}
      </Typography>
      <Typography variant="body2" className={classes.paragraph}>
        {problem.explanation}
      </Typography>
      <Typography variant="body2" className={classes.paragraph}>
        <strong>How to fix: </strong>
        {problem.remediation}
      </Typography>
      {problem.command && (
        <Box mt={1}>
          <CodeSnippet
            text={problem.command}
            language="bash"
            showCopyCodeButton
          />
        </Box>
      )}
      <Typography variant="body2" className={classes.paragraph}>
        <Link to={problemDocsUrl(problem.code)} externalLinkIcon>
          Docs
        </Link>
      </Typography>
    </li>
  );
}
