import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { MeshConnection } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  areEqual,
  FixedSizeGrid,
  GridChildComponentProps,
  GridOnScrollProps,
} from 'react-window';
import useMeasure from 'react-use/esm/useMeasure';
import { isSelected, MeshSelection } from '../mesh/selection';
import { MatrixCell } from './MatrixCell';
import { MATRIX_CAPTION } from './MatrixTable';
import {
  ConnectionLookup,
  filterRows,
  findConnection,
  sourcesWithProblems,
} from './matrixModel';
import {
  CELL_HEIGHT,
  CELL_WIDTH,
  COLUMN_HEADER_HEIGHT,
  GRID_HEIGHT,
  MatrixClasses,
  ROW_HEADER_WIDTH,
} from './styles';

/** Until the box is measured (and where it cannot be, as in tests), assume a laptop-wide card. */
const FALLBACK_WIDTH = 960;
/** The frame's border, on both sides. */
const FRAME_BORDERS = 2;
/** Room for a horizontal scrollbar under the last row, so it never hides a cell. */
const SCROLLBAR_ALLOWANCE = 18;

export interface VirtualMatrixProps {
  clusters: string[];
  connections: MeshConnection[];
  lookup: ConnectionLookup;
  selected?: MeshSelection;
  onSelect(selection: MeshSelection): void;
  classes: MatrixClasses;
}

interface GridData {
  rows: string[];
  columns: string[];
  lookup: ConnectionLookup;
  selected?: MeshSelection;
  onSelect(selection: MeshSelection): void;
  classes: MatrixClasses;
}

const GridCell = memo(function GridCellView(
  props: GridChildComponentProps<GridData>,
) {
  const { rows, columns, lookup, classes } = props.data;
  const from = rows[props.rowIndex];
  const to = columns[props.columnIndex];
  return (
    <div style={props.style} className={classes.gridCell}>
      <MatrixCell
        from={from}
        to={to}
        connection={findConnection(lookup, from, to)}
        selected={isSelected(props.data.selected, {
          kind: 'connection',
          from,
          to,
        })}
        onSelect={props.data.onSelect}
        classes={classes}
      />
    </div>
  );
},
areEqual);

/**
 * Only the cells in view are in the DOM. The header row and column are drawn
 * apart from the grid and moved with its scroll, so they stay in place.
 */
export function VirtualMatrix(props: VirtualMatrixProps) {
  const { clusters, connections, lookup, selected, onSelect, classes } = props;
  const captionId = useId();
  const filterId = useId();
  const [text, setText] = useState('');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const problemSources = useMemo(
    () => sourcesWithProblems(connections),
    [connections],
  );
  const rows = useMemo(
    () => filterRows(clusters, { text, onlyProblems }, problemSources),
    [clusters, text, onlyProblems, problemSources],
  );

  const [measureRef, { width: measured }] = useMeasure<HTMLDivElement>();
  const width = measured > 0 ? measured : FALLBACK_WIDTH;
  const gridWidth = Math.max(
    width - ROW_HEADER_WIDTH - FRAME_BORDERS,
    CELL_WIDTH,
  );
  // A few filtered rows get a short box instead of one padded to full height.
  const gridHeight = Math.min(
    GRID_HEIGHT - COLUMN_HEADER_HEIGHT - FRAME_BORDERS,
    rows.length * CELL_HEIGHT + SCROLLBAR_ALLOWANCE,
  );

  const gridRef = useRef<FixedSizeGrid<GridData>>(null);
  const columnStrip = useRef<HTMLDivElement>(null);
  const rowStrip = useRef<HTMLDivElement>(null);
  // Moved through the DOM, not state: a re-render per scroll event would stutter.
  const syncHeaders = useCallback(
    ({ scrollLeft, scrollTop }: GridOnScrollProps) => {
      if (columnStrip.current) {
        columnStrip.current.style.transform = `translateX(${-scrollLeft}px)`;
      }
      if (rowStrip.current) {
        rowStrip.current.style.transform = `translateY(${-scrollTop}px)`;
      }
    },
    [],
  );

  useEffect(() => {
    gridRef.current?.scrollTo({ scrollTop: 0 });
  }, [text, onlyProblems]);

  const selectedFrom = selected?.kind === 'connection' ? selected.from : '';
  const selectedTo = selected?.kind === 'connection' ? selected.to : '';
  useEffect(() => {
    const rowIndex = rows.indexOf(selectedFrom);
    const columnIndex = clusters.indexOf(selectedTo);
    if (rowIndex >= 0 && columnIndex >= 0) {
      gridRef.current?.scrollToItem({ rowIndex, columnIndex });
    }
    // Only when the selection changes: a new filter or refresh must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedFrom, selectedTo]);

  const itemData = useMemo<GridData>(
    () => ({ rows, columns: clusters, lookup, selected, onSelect, classes }),
    [rows, clusters, lookup, selected, onSelect, classes],
  );

  return (
    <div>
      <Typography
        id={captionId}
        variant="body2"
        className={classes.caption}
        component="p"
      >
        {MATRIX_CAPTION}
      </Typography>
      <div className={classes.toolbar}>
        <TextField
          id={filterId}
          className={classes.filter}
          type="search"
          label="Filter source clusters"
          size="small"
          variant="outlined"
          value={text}
          onChange={event => setText(event.target.value)}
        />
        <FormControlLabel
          control={
            <Switch
              checked={onlyProblems}
              onChange={event => setOnlyProblems(event.target.checked)}
              color="primary"
            />
          }
          label="Only rows with problems"
        />
        <Typography
          variant="body2"
          className={classes.shown}
          role="status"
          aria-live="polite"
        >
          Showing {rows.length} of {clusters.length} source clusters
        </Typography>
      </div>
      {rows.length === 0 ? (
        <Typography className={classes.empty}>
          {onlyProblems
            ? 'No source cluster matches the filter and has a connection that is not Ready.'
            : 'No source cluster matches the filter.'}
        </Typography>
      ) : (
        <div
          ref={measureRef}
          className={classes.frame}
          style={{ height: gridHeight + COLUMN_HEADER_HEIGHT + FRAME_BORDERS }}
          role="region"
          aria-labelledby={captionId}
        >
          <div className={classes.gridCorner} aria-hidden="true">
            Source \ target
          </div>
          <div className={classes.columnHeaders} aria-hidden="true">
            <div ref={columnStrip} className={classes.headerStrip}>
              {clusters.map((to, index) => (
                <div
                  key={to}
                  className={classes.gridColumnHeader}
                  style={{ left: index * CELL_WIDTH }}
                  title={to}
                >
                  {to}
                </div>
              ))}
            </div>
          </div>
          <div className={classes.rowHeaders} aria-hidden="true">
            <div ref={rowStrip} className={classes.headerStrip}>
              {rows.map((from, index) => (
                <div
                  key={from}
                  className={classes.gridRowHeader}
                  style={{ top: index * CELL_HEIGHT }}
                  title={from}
                >
                  {from}
                </div>
              ))}
            </div>
          </div>
          <FixedSizeGrid<GridData>
            ref={gridRef}
            style={{
              position: 'absolute',
              top: COLUMN_HEADER_HEIGHT,
              left: ROW_HEADER_WIDTH,
            }}
            width={gridWidth}
            height={gridHeight}
            columnCount={clusters.length}
            columnWidth={CELL_WIDTH}
            rowCount={rows.length}
            rowHeight={CELL_HEIGHT}
            itemData={itemData}
            itemKey={({ columnIndex, rowIndex, data }) =>
              `${data.rows[rowIndex]}\u0000${data.columns[columnIndex]}`
            }
            onScroll={syncHeaders}
          >
            {GridCell}
          </FixedSizeGrid>
        </div>
      )}
    </div>
  );
}
