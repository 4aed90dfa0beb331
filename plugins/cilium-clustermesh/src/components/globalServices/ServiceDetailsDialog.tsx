import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { concernsText, presenceText } from './presenceText';
import { RoutingPreview } from './RoutingPreview';
import { ServiceClustersTable } from './ServiceClustersTable';
import type { ServiceRow } from './serviceRows';

/** Everything about one service of the list, outside the fixed-height rows. */
export function ServiceDetailsDialog(props: {
  row?: ServiceRow;
  clusterCount: number;
  onClose(): void;
}) {
  const { row, clusterCount, onClose } = props;
  return (
    <Dialog
      open={!!row}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="global-service-details-title"
    >
      {row && (
        <>
          <DialogTitle id="global-service-details-title">{row.key}</DialogTitle>
          <DialogContent>
            <Typography variant="body2" gutterBottom>
              {presenceText(row, clusterCount)}
            </Typography>
            {row.concerns.length > 0 && (
              <Typography variant="body2" gutterBottom>
                {concernsText(row)}
              </Typography>
            )}
            <ServiceClustersTable
              clusters={row.service.clusters}
              label={`Clusters of ${row.key}`}
            />
            <Typography variant="h6" component="h3" style={{ marginTop: 16 }}>
              Where clients are sent
            </Typography>
            <RoutingPreview routing={row.service.routing} label={row.key} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
