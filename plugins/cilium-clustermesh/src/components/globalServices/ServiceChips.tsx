import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ExportedIcon from '@material-ui/icons/CheckCircleOutline';
import UnknownIcon from '@material-ui/icons/HelpOutline';
import LocalOnlyIcon from '@material-ui/icons/RemoveCircleOutline';
import type { GlobalServiceInCluster } from '@meshportal/plugin-cilium-clustermesh-common';
import type { ReactElement } from 'react';
import {
  ClusterEntryKind,
  clusterChipText,
  clusterEntryKind,
} from './serviceText';

const useStyles = makeStyles(theme => ({
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  singleLine: { flexWrap: 'nowrap', overflow: 'hidden' },
  chip: { margin: 0 },
}));

const ICONS: Record<ClusterEntryKind, ReactElement> = {
  exported: <ExportedIcon aria-hidden />,
  'local-only': <LocalOnlyIcon aria-hidden />,
  unknown: <UnknownIcon aria-hidden />,
};

export interface ServiceChipsProps {
  clusters: GlobalServiceInCluster[];
  /** Show at most this many chips (in one line) and say how many more there are. */
  limit?: number;
}

/** One chip per cluster that has the Service or could not be read, its state in words. */
export function ServiceChips(props: ServiceChipsProps) {
  const { clusters, limit } = props;
  const classes = useStyles();
  const shown = limit === undefined ? clusters : clusters.slice(0, limit);
  const hidden = clusters.length - shown.length;
  return (
    <div
      className={`${classes.chips} ${
        limit === undefined ? '' : classes.singleLine
      }`}
    >
      {shown.map(entry => (
        <Chip
          key={entry.cluster}
          className={classes.chip}
          size="small"
          variant="outlined"
          icon={ICONS[clusterEntryKind(entry)]}
          label={clusterChipText(entry)}
        />
      ))}
      {hidden > 0 && (
        <Typography variant="caption" color="textSecondary" noWrap>
          +{hidden} more
        </Typography>
      )}
    </div>
  );
}
