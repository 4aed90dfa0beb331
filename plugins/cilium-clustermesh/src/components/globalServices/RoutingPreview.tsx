import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import type { ServiceRouting } from '@meshportal/plugin-cilium-clustermesh-common';
import { routingLine, routingNeedsAttention } from './serviceText';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { marginBottom: theme.spacing(0.5) },
  line: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  icon: { fontSize: '1rem', color: theme.palette.warning.main },
}));

export interface RoutingPreviewProps {
  routing: ServiceRouting[];
  /** Names the list for assistive technology, e.g. the service's namespace/name. */
  label?: string;
  /** Show why each cluster's clients go where they go; true by default. */
  showReasons?: boolean;
  /** Show at most this many clusters and say how many more there are. */
  limit?: number;
}

/** For each cluster that has the Service: whose backends its clients reach, and why. */
export function RoutingPreview(props: RoutingPreviewProps) {
  const { routing, label, showReasons = true, limit } = props;
  const classes = useStyles();
  if (!routing.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No cluster has this Service, so no clients are routed to it.
      </Typography>
    );
  }
  const shown = limit === undefined ? routing : routing.slice(0, limit);
  const hidden = routing.length - shown.length;
  return (
    <ul
      className={classes.list}
      aria-label={label ? `Routing of ${label}` : 'Routing'}
    >
      {shown.map(entry => (
        <li key={entry.from} className={classes.item}>
          <Typography variant="body2" component="div" className={classes.line}>
            {routingNeedsAttention(entry) && (
              <WarningIcon className={classes.icon} aria-hidden />
            )}
            <span>{routingLine(entry)}</span>
          </Typography>
          {showReasons && (
            <Typography variant="caption" color="textSecondary" component="div">
              {entry.reason}
            </Typography>
          )}
        </li>
      ))}
      {hidden > 0 && (
        <li className={classes.item}>
          <Typography variant="caption" color="textSecondary">
            and {hidden} more {hidden === 1 ? 'cluster' : 'clusters'}
          </Typography>
        </li>
      )}
    </ul>
  );
}
