import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { serviceKey } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  forwardRef,
  HTMLAttributes,
  memo,
  useCallback,
  useMemo,
  useState,
} from 'react';
import { FixedSizeList, ListChildComponentProps } from 'react-window';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';
import { GlobalServiceLoadError } from './GlobalServiceLoadError';
import { GlobalServicesToolbar } from './GlobalServicesToolbar';
import { loadGlobalServices } from './loadGlobalServices';
import { ServiceDetailsDialog } from './ServiceDetailsDialog';
import { COMPACT_ROW_HEIGHT, ServiceListRow } from './ServiceListRow';
import {
  filterServiceRows,
  namespacesOf,
  ServiceRow,
  ServiceSortOrder,
  sortServiceRows,
  toServiceRows,
} from './serviceRows';

/** Above this many matching services the list renders only the rows in view. */
export const VIRTUALIZE_ABOVE = 50;
const VIRTUAL_LIST_HEIGHT = 640;

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  count: { margin: theme.spacing(1, 0) },
}));

export interface GlobalServicesTableProps {
  mesh: string;
  /** Every cluster of the mesh: the N of "in k/N clusters". */
  clusters: string[];
  /** Reloads the services whenever it changes (after a mesh refresh). */
  refreshKey?: unknown;
  /** List only this service. */
  focusService?: { namespace: string; name: string };
}

interface VirtualRowData {
  rows: ServiceRow[];
  clusterCount: number;
  onOpen(key: string): void;
}

function renderVirtualRow(props: ListChildComponentProps<VirtualRowData>) {
  const { rows, clusterCount, onOpen } = props.data;
  return (
    <ServiceListRow
      row={rows[props.index]}
      clusterCount={clusterCount}
      compact
      onOpen={onOpen}
      style={props.style}
    />
  );
}

const VirtualRow = memo(renderVirtualRow);

/** The list element react-window renders rows into, so rows stay list items. */
const VirtualListElement = forwardRef<
  HTMLUListElement,
  HTMLAttributes<HTMLUListElement>
>((props, ref) => (
  <ul
    ref={ref}
    aria-label="Global services"
    {...props}
    style={{ ...props.style, listStyle: 'none', margin: 0, padding: 0 }}
  />
));

/** Every global service of the mesh, filtered and sorted in the browser. */
export function GlobalServicesTable(props: GlobalServicesTableProps) {
  const { mesh, clusters, refreshKey, focusService } = props;
  const classes = useStyles();
  const api = useApi(clusterMeshApiRef);
  const focusKey = focusService ? serviceKey(focusService) : undefined;
  const focusNamespace = focusService?.namespace;
  const loaded = useAsyncRetry(
    () => loadGlobalServices(api, mesh, focusNamespace),
    [api, mesh, focusNamespace, refreshKey],
  );

  const [text, setText] = useState('');
  const [namespace, setNamespace] = useState('');
  const [order, setOrder] = useState<ServiceSortOrder>('name');
  const [openedKey, setOpenedKey] = useState<string>();

  const rows = useMemo(() => {
    const all = toServiceRows(loaded.value ?? []);
    return focusKey ? all.filter(row => row.key === focusKey) : all;
  }, [loaded.value, focusKey]);
  const namespaces = useMemo(() => namespacesOf(rows), [rows]);
  const sorted = useMemo(() => sortServiceRows(rows, order), [rows, order]);
  const shown = useMemo(
    () => filterServiceRows(sorted, { text, namespace }),
    [sorted, text, namespace],
  );
  const opened = useMemo(
    () => rows.find(row => row.key === openedKey),
    [rows, openedKey],
  );
  const closeDetails = useCallback(() => setOpenedKey(undefined), []);
  const clusterCount = clusters.length;
  const itemData = useMemo<VirtualRowData>(
    () => ({ rows: shown, clusterCount, onOpen: setOpenedKey }),
    [shown, clusterCount],
  );

  if (loaded.error) {
    return (
      <>
        <GlobalServiceLoadError mesh={mesh} error={loaded.error} />
        <Button onClick={loaded.retry}>Try again</Button>
      </>
    );
  }
  if (!loaded.value) return <Progress />;
  if (!rows.length) {
    return (
      <EmptyState
        missing="content"
        title={
          focusKey
            ? `${focusKey} is not a global service in ${mesh}`
            : `No global services in ${mesh}`
        }
        description='No readable cluster has a Service annotated service.cilium.io/global: "true".'
      />
    );
  }

  return (
    <div>
      {!focusKey && (
        <GlobalServicesToolbar
          text={text}
          onTextChange={setText}
          namespace={namespace}
          namespaces={namespaces}
          onNamespaceChange={setNamespace}
          order={order}
          onOrderChange={setOrder}
        />
      )}
      <Typography
        variant="body2"
        color="textSecondary"
        role="status"
        className={classes.count}
      >
        Showing {shown.length} of {rows.length} services
      </Typography>
      {shown.length > VIRTUALIZE_ABOVE ? (
        <FixedSizeList
          height={VIRTUAL_LIST_HEIGHT}
          width="100%"
          itemCount={shown.length}
          itemSize={COMPACT_ROW_HEIGHT}
          itemData={itemData}
          itemKey={(index, data) => data.rows[index].key}
          innerElementType={VirtualListElement}
        >
          {VirtualRow}
        </FixedSizeList>
      ) : (
        <ul className={classes.list} aria-label="Global services">
          {shown.map(row => (
            <ServiceListRow
              key={row.key}
              row={row}
              clusterCount={clusterCount}
              onOpen={setOpenedKey}
            />
          ))}
        </ul>
      )}
      {shown.length === 0 && (
        <Typography variant="body2">No services match the filter.</Typography>
      )}
      <ServiceDetailsDialog
        row={opened}
        clusterCount={clusterCount}
        onClose={closeDetails}
      />
    </div>
  );
}
