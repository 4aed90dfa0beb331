import { makeStyles } from '@material-ui/core/styles';
import { statusColours } from '../shared/statusColours';

export const useGraphStyles = makeStyles(theme => {
  const colours = statusColours(theme);
  const halo = {
    stroke: theme.palette.primary.main,
    strokeOpacity: 0.35,
  };
  return {
    root: { width: '100%' },
    svg: {
      display: 'block',
      width: '100%',
      height: 'auto',
      maxHeight: 520,
      fontFamily: theme.typography.fontFamily,
    },
    notes: {
      marginTop: theme.spacing(1),
      color: theme.palette.text.secondary,
    },

    // Colour repeats the state for those who see it; dashes, width and words carry it for everyone.
    connected: { color: colours.ok },
    degraded: { color: colours.warning, '& $edgeLine': { strokeWidth: 3 } },
    disconnected: {
      color: colours.error,
      '& $edgeLine': { strokeWidth: 3, strokeDasharray: '10 5' },
    },
    unconfigured: {
      color: colours.aborted,
      '& $edgeLine': { strokeDasharray: '4 4' },
    },
    unknown: {
      color: theme.palette.text.secondary,
      '& $edgeLine': { strokeDasharray: '2 5' },
    },
    missing: {
      color: theme.palette.text.disabled,
      opacity: 0.7,
      '& $edgeLine': { strokeDasharray: '3 7' },
    },
    oneWay: {
      '& $edgeLine': { strokeWidth: 3, strokeDasharray: '14 4 3 4' },
    },

    edge: {
      cursor: 'pointer',
      outline: 'none',
      '&:hover $edgeHalo, &:focus-visible $edgeHalo': halo,
      '&:hover $quietLabel, &:focus $quietLabel': { opacity: 1 },
    },
    selectedEdge: {
      '& $edgeHalo': { ...halo, strokeOpacity: 0.6 },
      '& $quietLabel': { opacity: 1 },
      '& $labelText': { fontWeight: 700 },
    },
    edgeHit: {
      fill: 'none',
      stroke: 'transparent',
      strokeWidth: 16,
      pointerEvents: 'stroke',
    },
    edgeHalo: { fill: 'none', stroke: 'transparent', strokeWidth: 9 },
    edgeLine: { fill: 'none', stroke: 'currentColor', strokeWidth: 1.75 },
    arrow: { fill: 'currentColor' },

    label: {},
    quietLabel: { opacity: 0, transition: 'opacity 120ms' },
    labelBox: {
      fill: theme.palette.background.paper,
      fillOpacity: 0.94,
      stroke: 'currentColor',
      strokeWidth: 1,
    },
    labelText: { fill: theme.palette.text.primary, fontSize: 12 },
    oneWayTag: {
      fill: theme.palette.background.paper,
      stroke: colours.warning,
      strokeWidth: 1.5,
      strokeDasharray: '4 2',
    },
    oneWayText: {
      fill: theme.palette.text.primary,
      fontSize: 12,
      fontWeight: 700,
    },

    node: {
      cursor: 'pointer',
      outline: 'none',
      '&:hover $nodeHalo, &:focus-visible $nodeHalo': halo,
    },
    selectedNode: { '& $nodeHalo': { ...halo, strokeOpacity: 0.6 } },
    focusNode: { '& $nodeBox': { strokeWidth: 4 } },
    nodeHalo: { fill: 'none', stroke: 'transparent', strokeWidth: 8 },
    nodeBox: {
      fill: theme.palette.background.paper,
      stroke: 'currentColor',
      strokeWidth: 2,
    },
    healthy: { color: colours.ok },
    healthDegraded: { color: colours.warning },
    down: { color: colours.error },
    healthUnknown: { color: theme.palette.text.secondary },
    nodeName: {
      fill: theme.palette.text.primary,
      fontSize: 14,
      fontWeight: 700,
    },
    nodeText: { fill: theme.palette.text.primary, fontSize: 12 },
    focusTag: {
      fill: theme.palette.primary.main,
      fontSize: 12,
      fontWeight: 700,
    },
    groupBox: {
      fill: theme.palette.background.paper,
      stroke: theme.palette.text.secondary,
      strokeWidth: 1.5,
    },
  };
});

export type GraphClasses = ReturnType<typeof useGraphStyles>;

/** Joins the class names that apply. */
export function classNames(
  ...names: (string | false | undefined | Record<string, boolean>)[]
): string {
  return names
    .flatMap(name =>
      typeof name === 'object'
        ? Object.keys(name).filter(key => name[key])
        : [name],
    )
    .filter(Boolean)
    .join(' ');
}
