import { isSelected, MeshSelection } from '../mesh/selection';
import { MatrixCell } from './MatrixCell';
import { ConnectionLookup, findConnection } from './matrixModel';
import type { MatrixClasses } from './styles';

export const MATRIX_CAPTION =
  'Connections: rows are the source cluster (how it sees the target), columns the target';

export interface MatrixTableProps {
  clusters: string[];
  lookup: ConnectionLookup;
  selected?: MeshSelection;
  onSelect(selection: MeshSelection): void;
  classes: MatrixClasses;
}

/** Every cell in a real table, so screen readers announce row and column headers. */
export function MatrixTable(props: MatrixTableProps) {
  const { clusters, lookup, classes } = props;
  return (
    <div className={classes.tableBox}>
      <table className={classes.table}>
        <caption className={classes.caption}>{MATRIX_CAPTION}</caption>
        <thead>
          <tr>
            <th scope="col" className={classes.corner}>
              Source \ target
            </th>
            {clusters.map(to => (
              <th
                key={to}
                scope="col"
                className={classes.columnHeader}
                title={to}
              >
                {to}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {clusters.map(from => (
            <tr key={from}>
              <th scope="row" className={classes.rowHeader} title={from}>
                {from}
              </th>
              {clusters.map(to => (
                <td key={to} className={classes.tableCell}>
                  <MatrixCell
                    from={from}
                    to={to}
                    connection={findConnection(lookup, from, to)}
                    selected={isSelected(props.selected, {
                      kind: 'connection',
                      from,
                      to,
                    })}
                    onSelect={props.onSelect}
                    classes={classes}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
