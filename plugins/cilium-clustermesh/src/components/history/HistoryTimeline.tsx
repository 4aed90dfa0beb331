import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { HistoryEntry } from './HistoryEntry';
import { useHistoryPages } from './useHistoryPages';

export interface HistoryTimelineProps {
  mesh: string;
  /** A new value reloads the newest changes (e.g. after a refresh). */
  refreshKey?: unknown;
  /** Only the connections from this cluster. */
  focus?: string;
}

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0 },
});

/** Connection-state changes of the mesh, newest first, paged on request. */
export function HistoryTimeline(props: HistoryTimelineProps) {
  const { mesh, refreshKey, focus } = props;
  const classes = useStyles();
  const history = useHistoryPages(mesh, focus, refreshKey);

  if (history.error) return <ResponseErrorPanel error={history.error} />;
  if (!history.events) return <Progress />;

  return (
    <Box>
      {focus && (
        <Typography variant="caption" color="textSecondary" component="p">
          Connections from {focus} only
        </Typography>
      )}
      {history.events.length === 0 ? (
        <Typography variant="body2">
          No connection changes recorded yet
        </Typography>
      ) : (
        <ul className={classes.list} aria-label="Connection history">
          {history.events.map(event => (
            <HistoryEntry key={event.id} event={event} />
          ))}
        </ul>
      )}
      {history.olderError && (
        <Box mt={1}>
          <ResponseErrorPanel
            error={history.olderError}
            title="Could not load older changes"
          />
        </Box>
      )}
      {history.hasOlder && (
        <Box mt={1}>
          <Button
            variant="outlined"
            size="small"
            disabled={history.loadingOlder}
            onClick={history.loadOlder}
          >
            {history.loadingOlder ? 'Loading older changes…' : 'Load older'}
          </Button>
        </Box>
      )}
    </Box>
  );
}
