import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import { SERVICE_SORT_TEXT, ServiceSortOrder } from './serviceRows';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
  filter: { minWidth: 280, flexGrow: 1 },
  select: { minWidth: 200 },
}));

export interface GlobalServicesToolbarProps {
  text: string;
  onTextChange(text: string): void;
  namespace: string;
  namespaces: string[];
  onNamespaceChange(namespace: string): void;
  order: ServiceSortOrder;
  onOrderChange(order: ServiceSortOrder): void;
}

const ORDERS = Object.keys(SERVICE_SORT_TEXT) as ServiceSortOrder[];

export function GlobalServicesToolbar(props: GlobalServicesToolbarProps) {
  const classes = useStyles();
  return (
    <div className={classes.toolbar}>
      <TextField
        id="global-services-filter"
        className={classes.filter}
        type="search"
        label="Filter"
        placeholder="namespace, name or cluster"
        size="small"
        variant="outlined"
        value={props.text}
        onChange={event => props.onTextChange(event.target.value)}
      />
      <TextField
        id="global-services-namespace"
        className={classes.select}
        select
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        label="Namespace"
        size="small"
        variant="outlined"
        value={props.namespace}
        onChange={event => props.onNamespaceChange(event.target.value)}
      >
        <option value="">All namespaces</option>
        {props.namespaces.map(namespace => (
          <option key={namespace} value={namespace}>
            {namespace}
          </option>
        ))}
      </TextField>
      <TextField
        id="global-services-order"
        className={classes.select}
        select
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        label="Sort by"
        size="small"
        variant="outlined"
        value={props.order}
        onChange={event =>
          props.onOrderChange(event.target.value as ServiceSortOrder)
        }
      >
        {ORDERS.map(order => (
          <option key={order} value={order}>
            {SERVICE_SORT_TEXT[order]}
          </option>
        ))}
      </TextField>
    </div>
  );
}
