import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';
import { formatTime } from '../shared/format';
import { historyLine, newestFirst } from './detailsModel';
import { STATE_GLYPH } from './matrixModel';

/** Enough to see a flapping link without paging. */
export const CONNECTION_HISTORY_LIMIT = 20;

export interface ConnectionHistoryProps {
  mesh: string;
  from: string;
  to: string;
  /** Reloads when it changes (after a refresh of the mesh). */
  refreshKey?: unknown;
}

/** The state changes of one direction, newest first. A failure here leaves the rest of the details intact. */
export function ConnectionHistory(props: ConnectionHistoryProps) {
  const { mesh, from, to, refreshKey } = props;
  const api = useApi(clusterMeshApiRef);
  const { value, loading, error } = useAsync(
    () => api.getHistory(mesh, { from, to, limit: CONNECTION_HISTORY_LIMIT }),
    [api, mesh, from, to, refreshKey],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`The history of this connection could not be loaded: ${error.message}`}
      />
    );
  }
  const events = newestFirst(value?.items ?? []);
  if (events.length === 0) {
    return (
      <Typography variant="body2">
        No changes of this connection recorded yet.
      </Typography>
    );
  }
  return (
    <List dense aria-label={`Changes of ${from} to ${to}`}>
      {events.map(event => (
        <ListItem key={event.id} disableGutters>
          <ListItemIcon aria-hidden="true">
            <span>{STATE_GLYPH[event.state]}</span>
          </ListItemIcon>
          <ListItemText
            primary={historyLine(event)}
            secondary={[formatTime(event.at), event.detail]
              .filter(Boolean)
              .join(' · ')}
          />
        </ListItem>
      ))}
    </List>
  );
}
