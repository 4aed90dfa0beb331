import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { ConnectionSummary } from '@meshportal/plugin-cilium-clustermesh-common';
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
  FixedSizeList,
  GridChildComponentProps,
  GridOnScrollProps,
  ListChildComponentProps,
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
  connections: ConnectionSummary[];
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

interface HeaderData {
  names: string[];
  className: string;
}

const HeaderItem = memo(function HeaderItemView(
  props: ListChildComponentProps<HeaderData>,
) {
  const name = props.data.names[props.index];
  return (
    <div style={props.style} className={props.data.className} title={name}>
      {name}
    </div>
  );
},
areEqual);

/** Headers scroll with the grid but never by themselves. */
const SCROLLED_BY_GRID = { overflow: 'hidden' } as const;

/**
 * Only the cells in view are in the DOM, headers included. The header row
 * and column are lists of their own, scrolled with the grid, so they stay
 * in place.
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
  // Sized for every source, not the filtered few: the page below does not
  // jump (and need laying out and painting again) with each keystroke.
  const gridHeight = Math.min(
    GRID_HEIGHT - COLUMN_HEADER_HEIGHT - FRAME_BORDERS,
    clusters.length * CELL_HEIGHT + SCROLLBAR_ALLOWANCE,
  );

  const gridRef = useRef<FixedSizeGrid<GridData>>(null);
  const columnList = useRef<FixedSizeList<HeaderData>>(null);
  const rowList = useRef<FixedSizeList<HeaderData>>(null);
  const syncHeaders = useCallback(
    ({ scrollLeft, scrollTop }: GridOnScrollProps) => {
      columnList.current?.scrollTo(scrollLeft);
      rowList.current?.scrollTo(scrollTop);
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

  const columnHeaders = useMemo<HeaderData>(
    () => ({ names: clusters, className: classes.gridColumnHeader }),
    [clusters, classes],
  );
  const rowHeaders = useMemo<HeaderData>(
    () => ({ names: rows, className: classes.gridRowHeader }),
    [rows, classes],
  );

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
            <FixedSizeList<HeaderData>
              ref={columnList}
              layout="horizontal"
              style={SCROLLED_BY_GRID}
              width={gridWidth}
              height={COLUMN_HEADER_HEIGHT}
              itemCount={clusters.length}
              itemSize={CELL_WIDTH}
              itemData={columnHeaders}
            >
              {HeaderItem}
            </FixedSizeList>
          </div>
          <div className={classes.rowHeaders} aria-hidden="true">
            <FixedSizeList<HeaderData>
              ref={rowList}
              style={SCROLLED_BY_GRID}
              width={ROW_HEADER_WIDTH}
              height={gridHeight}
              itemCount={rows.length}
              itemSize={CELL_HEIGHT}
              itemData={rowHeaders}
            >
              {HeaderItem}
            </FixedSizeList>
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
