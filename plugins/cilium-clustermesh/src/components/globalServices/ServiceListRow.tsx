import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import type { CSSProperties } from 'react';
import { concernsText, presenceText } from './presenceText';
import { RoutingPreview } from './RoutingPreview';
import { ServiceChips } from './ServiceChips';
import type { ServiceRow } from './serviceRows';

/** Height of a row in the virtualized list: title, concerns, one line of chips, three routes. */
export const COMPACT_ROW_HEIGHT = 188;
const COMPACT_CHIPS = 4;
const COMPACT_ROUTES = 3;

const useStyles = makeStyles(theme => ({
  row: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    boxSizing: 'border-box',
  },
  compact: { overflow: 'hidden' },
  header: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  concerns: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    margin: theme.spacing(0.5, 0),
  },
  warning: { fontSize: '1rem', color: theme.palette.warning.main },
  section: { marginTop: theme.spacing(0.5) },
}));

export interface ServiceListRowProps {
  row: ServiceRow;
  clusterCount: number;
  /** One line of chips and the first routes only, for the fixed-height virtual list. */
  compact?: boolean;
  onOpen(key: string): void;
  /** Positioning from the virtual list. */
  style?: CSSProperties;
}

/** One global service: where it is, how each copy is set, where clients are sent. */
export function ServiceListRow(props: ServiceListRowProps) {
  const { row, clusterCount, compact, onOpen, style } = props;
  const classes = useStyles();
  return (
    <li
      aria-label={row.key}
      className={`${classes.row} ${compact ? classes.compact : ''}`}
      style={style}
    >
      <div className={classes.header}>
        <Typography variant="subtitle2" component="span">
          {row.key}
        </Typography>
        <Typography variant="body2" color="textSecondary" component="span">
          {presenceText(row, clusterCount)}
        </Typography>
        <Button
          size="small"
          onClick={() => onOpen(row.key)}
          aria-label={`Details of ${row.key}`}
        >
          Details
        </Button>
      </div>
      {row.concerns.length > 0 && (
        <div className={classes.concerns}>
          <WarningIcon className={classes.warning} aria-hidden />
          <Typography variant="body2" noWrap={compact}>
            {concernsText(row)}
          </Typography>
        </div>
      )}
      <div className={classes.section}>
        <ServiceChips
          clusters={row.service.clusters}
          limit={compact ? COMPACT_CHIPS : undefined}
        />
      </div>
      <div className={classes.section}>
        <RoutingPreview
          routing={row.service.routing}
          label={row.key}
          showReasons={!compact}
          limit={compact ? COMPACT_ROUTES : undefined}
        />
      </div>
    </li>
  );
}
