import type { ConnectionSummary } from '@meshportal/plugin-cilium-clustermesh-common';
import { memo } from 'react';
import type { MeshSelection } from '../mesh/selection';
import { matrixCell } from './matrixModel';
import type { MatrixClasses } from './styles';

export interface MatrixCellProps {
  from: string;
  to: string;
  connection: ConnectionSummary | undefined;
  selected: boolean;
  onSelect(selection: MeshSelection): void;
  classes: MatrixClasses;
}

/** One source → target cell: a button for a connection, plain text for itself or no link. */
export const MatrixCell = memo(function MatrixCellView(props: MatrixCellProps) {
  const { from, to, classes } = props;
  const cell = matrixCell(from, to, props.connection);
  if (cell.kind !== 'connection') {
    return (
      <div className={`${classes.cell} ${classes.quiet}`} title={cell.label}>
        <span aria-hidden="true">{cell.text}</span>
        <span className={classes.visuallyHidden}>{cell.label}</span>
      </div>
    );
  }
  const className = [
    classes.cell,
    classes.button,
    classes[cell.state],
    props.selected ? classes.selected : '',
  ].join(' ');
  return (
    <button
      type="button"
      className={className}
      aria-label={cell.label}
      aria-pressed={props.selected}
      title={cell.label}
      onClick={() => props.onSelect({ kind: 'connection', from, to })}
    >
      <span className={classes.stateLine}>
        <span className={classes.glyph} aria-hidden="true">
          {cell.glyph}
        </span>
        {cell.word}
      </span>
      {cell.agents && <span className={classes.count}>{cell.agents}</span>}
      {cell.kvstoremesh && (
        <span className={classes.count}>{cell.kvstoremesh}</span>
      )}
    </button>
  );
});
