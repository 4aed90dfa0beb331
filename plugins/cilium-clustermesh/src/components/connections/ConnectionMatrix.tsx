import type { ConnectionSummary } from '@meshportal/plugin-cilium-clustermesh-common';
import { useMemo } from 'react';
import type { MeshSelection } from '../mesh/selection';
import { MatrixLegend } from './MatrixLegend';
import { MatrixTable } from './MatrixTable';
import { indexConnections, MATRIX_TABLE_LIMIT } from './matrixModel';
import { useMatrixStyles } from './styles';
import { VirtualMatrix } from './VirtualMatrix';

export interface ConnectionMatrixProps {
  /** Mesh-definition names, in the order rows and columns are drawn. */
  clusters: string[];
  connections: ConnectionSummary[];
  selected?: MeshSelection;
  onSelect(selection: MeshSelection): void;
}

/**
 * Every direction of every pair at once: source rows, target columns. A plain
 * table for small meshes; a virtualized grid with a row filter above
 * `MATRIX_TABLE_LIMIT` clusters.
 */
export function ConnectionMatrix(props: ConnectionMatrixProps) {
  const classes = useMatrixStyles();
  const lookup = useMemo(
    () => indexConnections(props.connections),
    [props.connections],
  );
  return (
    <div>
      {props.clusters.length <= MATRIX_TABLE_LIMIT ? (
        <MatrixTable
          clusters={props.clusters}
          lookup={lookup}
          selected={props.selected}
          onSelect={props.onSelect}
          classes={classes}
        />
      ) : (
        <VirtualMatrix
          clusters={props.clusters}
          connections={props.connections}
          lookup={lookup}
          selected={props.selected}
          onSelect={props.onSelect}
          classes={classes}
        />
      )}
      <MatrixLegend />
    </div>
  );
}
