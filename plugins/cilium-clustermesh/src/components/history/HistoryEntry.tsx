import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ConnectionEvent } from '@meshportal/plugin-cilium-clustermesh-common';
import { formatTime } from '../shared/format';
import { CONNECTION_STATE_TEXT, ConnectionStateLabel } from '../shared/states';
import { edgeText, historyLine } from './historyText';

const useStyles = makeStyles(theme => ({
  entry: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  change: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(0.5),
  },
}));

/** One state change: which direction, from what to what, when, and why. */
export function HistoryEntry(props: { event: ConnectionEvent }) {
  const { event } = props;
  const classes = useStyles();
  return (
    <li className={classes.entry} aria-label={historyLine(event)}>
      <Typography variant="body2" component="div" className={classes.change}>
        <strong>{edgeText(event)}:</strong>
        <span>
          {event.previousState
            ? `${CONNECTION_STATE_TEXT[event.previousState]} →`
            : 'first seen'}
        </span>
        <ConnectionStateLabel state={event.state} />
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        <time dateTime={event.at}>{formatTime(event.at)}</time>
      </Typography>
      {event.detail && (
        <Typography variant="body2" color="textSecondary">
          {event.detail}
        </Typography>
      )}
    </li>
  );
}
