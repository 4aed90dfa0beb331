import { alpha, makeStyles } from '@material-ui/core/styles';
import { statusColours } from '../shared/statusColours';

export const CELL_WIDTH = 136;
export const CELL_HEIGHT = 68;
export const ROW_HEADER_WIDTH = 168;
export const COLUMN_HEADER_HEIGHT = 40;
/** The virtualized grid's box, headers included. */
export const GRID_HEIGHT = 480;

export const useMatrixStyles = makeStyles(theme => {
  const colours = statusColours(theme);
  const header = {
    fontWeight: theme.typography.fontWeightBold as number,
    backgroundColor: theme.palette.background.paper,
    whiteSpace: 'nowrap' as const,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    padding: theme.spacing(0.5, 1),
    boxSizing: 'border-box' as const,
  };
  return {
    caption: {
      captionSide: 'top',
      textAlign: 'left',
      padding: theme.spacing(0, 0, 1),
      color: theme.palette.text.secondary,
    },
    tableBox: {
      overflow: 'auto',
      maxHeight: GRID_HEIGHT,
      maxWidth: '100%',
    },
    table: { borderCollapse: 'separate', borderSpacing: 2 },
    columnHeader: {
      ...header,
      position: 'sticky',
      top: 0,
      zIndex: 1,
      maxWidth: CELL_WIDTH,
      textAlign: 'left',
    },
    rowHeader: {
      ...header,
      position: 'sticky',
      left: 0,
      zIndex: 1,
      maxWidth: ROW_HEADER_WIDTH,
      textAlign: 'left',
    },
    corner: {
      ...header,
      position: 'sticky',
      top: 0,
      left: 0,
      zIndex: 2,
      color: theme.palette.text.secondary,
      fontWeight: theme.typography.fontWeightRegular as number,
    },
    tableCell: { padding: 0, width: CELL_WIDTH, height: CELL_HEIGHT },

    cell: {
      position: 'relative',
      boxSizing: 'border-box',
      width: '100%',
      height: '100%',
      minHeight: CELL_HEIGHT - 4,
      display: 'flex',
      flexDirection: 'column',
      alignItems: 'flex-start',
      justifyContent: 'center',
      padding: theme.spacing(0.5, 1),
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      font: 'inherit',
      fontSize: theme.typography.body2.fontSize,
      lineHeight: 1.35,
      textAlign: 'left',
      color: theme.palette.text.primary,
      backgroundColor: theme.palette.background.paper,
    },
    button: {
      cursor: 'pointer',
      '&:hover': { borderColor: theme.palette.text.primary },
      '&:focus-visible': {
        outline: `2px solid ${theme.palette.primary.main}`,
        outlineOffset: 1,
      },
    },
    selected: {
      outline: `3px solid ${theme.palette.primary.main}`,
      outlineOffset: -1,
      '&:focus-visible': { outlineWidth: 3 },
    },
    quiet: {
      alignItems: 'center',
      color: theme.palette.text.secondary,
      borderStyle: 'dashed',
    },
    stateLine: { fontWeight: theme.typography.fontWeightBold as number },
    glyph: { display: 'inline-block', minWidth: '1.2em' },
    count: { color: theme.palette.text.secondary, whiteSpace: 'nowrap' },

    // Colour repeats the state for those who see it; glyph and word carry it for everyone.
    connected: { '& $glyph': { color: colours.ok } },
    degraded: {
      backgroundColor: alpha(colours.warning, 0.12),
      '& $glyph': { color: colours.warning },
    },
    disconnected: {
      backgroundColor: alpha(colours.error, 0.12),
      '& $glyph': { color: colours.error },
    },
    unconfigured: {
      borderStyle: 'dashed',
      '& $glyph': { color: colours.aborted },
    },
    unknown: {
      borderStyle: 'dotted',
      '& $glyph': { color: theme.palette.text.secondary },
    },

    toolbar: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(2),
      marginBottom: theme.spacing(1),
    },
    filter: { minWidth: 260 },
    shown: { color: theme.palette.text.secondary },
    frame: {
      position: 'relative',
      width: '100%',
      overflow: 'hidden',
      border: `1px solid ${theme.palette.divider}`,
    },
    gridCorner: {
      ...header,
      position: 'absolute',
      top: 0,
      left: 0,
      width: ROW_HEADER_WIDTH,
      height: COLUMN_HEADER_HEIGHT,
      lineHeight: `${COLUMN_HEADER_HEIGHT - 8}px`,
      color: theme.palette.text.secondary,
      fontWeight: theme.typography.fontWeightRegular as number,
    },
    columnHeaders: {
      position: 'absolute',
      top: 0,
      left: ROW_HEADER_WIDTH,
      right: 0,
      height: COLUMN_HEADER_HEIGHT,
      overflow: 'hidden',
    },
    rowHeaders: {
      position: 'absolute',
      top: COLUMN_HEADER_HEIGHT,
      left: 0,
      bottom: 0,
      width: ROW_HEADER_WIDTH,
      overflow: 'hidden',
    },
    // Placed and sized by their lists.
    gridColumnHeader: {
      ...header,
      lineHeight: `${COLUMN_HEADER_HEIGHT - 8}px`,
    },
    gridRowHeader: {
      ...header,
      lineHeight: `${CELL_HEIGHT - 8}px`,
    },
    gridCell: { padding: 2, boxSizing: 'border-box' },
    /** Read by screen readers, not drawn: "—" and "No link" cells need their pair named. */
    visuallyHidden: {
      position: 'absolute',
      width: 1,
      height: 1,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
    empty: { padding: theme.spacing(2), color: theme.palette.text.secondary },
  };
});

export type MatrixClasses = ReturnType<typeof useMatrixStyles>;
