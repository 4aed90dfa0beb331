import type { ConnectionSummary } from '@meshportal/plugin-cilium-clustermesh-common';
import type { KeyboardEvent } from 'react';
import type { MeshSelection } from '../mesh/selection';
import {
  BoxSize,
  directedCurve,
  estimateTextWidth,
  pointOnCurve,
  staggerLabels,
  Point,
} from './geometry';
import {
  CONNECTION_GLYPH,
  describeLinkCounts,
  edgeDescription,
  edgeLabel,
  LinkCounts,
  NO_LINK_GLYPH,
  ONE_WAY_TEXT,
  worstCountedState,
} from './labels';
import { NODE_SIZE } from './layout';
import { classNames, GraphClasses } from './styles';

const LABEL_FONT_SIZE = 12;
const LABEL_PADDING = 8;
const LABEL_HEIGHT = 20;

function labelSize(text: string): BoxSize {
  return {
    width: estimateTextWidth(text, LABEL_FONT_SIZE) + 2 * LABEL_PADDING,
    height: LABEL_HEIGHT,
  };
}

/** How far along both curves of a pair the labels sit, so they do not cover each other. */
export function pairLabelPosition(
  aAt: Point,
  bAt: Point,
  forwardText: string,
  backwardText: string,
): number {
  return staggerLabels(
    directedCurve(aAt, bAt, NODE_SIZE),
    labelSize(forwardText),
    directedCurve(bAt, aAt, NODE_SIZE),
    labelSize(backwardText),
  );
}

function LabelBox(props: {
  center: Point;
  text: string;
  classes: GraphClasses;
  className?: string;
}) {
  const { center, text, classes, className } = props;
  const size = labelSize(text);
  return (
    <g className={classNames(classes.label, className)}>
      <rect
        className={classes.labelBox}
        x={center.x - size.width / 2}
        y={center.y - size.height / 2}
        width={size.width}
        height={size.height}
        rx={4}
      />
      <text
        className={classes.labelText}
        x={center.x}
        y={center.y}
        textAnchor="middle"
        dominantBaseline="central"
      >
        {text}
      </text>
    </g>
  );
}

function activateOnKey(action: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  };
}

export interface DirectedEdgeProps {
  from: string;
  to: string;
  fromAt: Point;
  toAt: Point;
  /** Absent when `from` neither configures nor observes `to`. */
  connection?: ConnectionSummary;
  oneWay: boolean;
  /** From `pairLabelPosition`. */
  labelPosition: number;
  /** Show the label only on hover, focus or selection. */
  quiet: boolean;
  selected: boolean;
  onSelect(selection: MeshSelection): void;
  classes: GraphClasses;
}

/** One direction of a pair: a curve bending to its right with an arrowhead and a label beside it. */
export function DirectedEdge(props: DirectedEdgeProps) {
  const { from, to, connection, oneWay, quiet, selected, classes } = props;
  const curve = directedCurve(props.fromAt, props.toAt, NODE_SIZE);
  const text = edgeLabel(connection);
  const labelAt = pointOnCurve(curve, props.labelPosition);
  const description = edgeDescription(from, to, connection, oneWay);
  const drawing = (
    <>
      <path className={classes.edgeHit} d={curve.path} />
      <path className={classes.edgeHalo} d={curve.path} />
      <path className={classes.edgeLine} d={curve.path} />
      <path className={classes.arrow} d={curve.arrow} />
      <LabelBox
        center={labelAt}
        text={text}
        classes={classes}
        className={quiet ? classes.quietLabel : undefined}
      />
    </>
  );

  if (!connection) {
    return (
      <g
        className={classes.missing}
        role="img"
        aria-label={description}
        data-edge={`${from}->${to}`}
      >
        {drawing}
      </g>
    );
  }
  const select = () => props.onSelect({ kind: 'connection', from, to });
  return (
    <g
      className={classNames(classes.edge, classes[connection.state], {
        [classes.oneWay]: oneWay,
        [classes.selectedEdge]: selected,
      })}
      role="button"
      tabIndex={0}
      aria-label={description}
      aria-pressed={selected}
      data-edge={`${from}->${to}`}
      onClick={select}
      onKeyDown={activateOnKey(select)}
    >
      {drawing}
    </g>
  );
}

/** "One-way", between the two curves of a pair, so it names the pair rather than one direction. */
export function OneWayTag(props: {
  a: Point;
  b: Point;
  classes: GraphClasses;
}) {
  const { a, b, classes } = props;
  const center = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  const size = labelSize(ONE_WAY_TEXT);
  return (
    <g aria-hidden="true">
      <rect
        className={classes.oneWayTag}
        x={center.x - size.width / 2}
        y={center.y - size.height / 2}
        width={size.width}
        height={size.height}
        rx={size.height / 2}
      />
      <text
        className={classes.oneWayText}
        x={center.x}
        y={center.y}
        textAnchor="middle"
        dominantBaseline="central"
      >
        {ONE_WAY_TEXT}
      </text>
    </g>
  );
}

export interface GroupEdgeProps {
  from: string;
  to: string;
  fromAt: Point;
  toAt: Point;
  counts: LinkCounts;
  /** From `pairLabelPosition`. */
  labelPosition: number;
  classes: GraphClasses;
}

/** The state a group edge is drawn in; some directions missing among Ready ones is still a gap. */
function groupEdgeState(counts: LinkCounts) {
  const counted = worstCountedState(counts);
  return counted === 'connected' && counts.missing > 0
    ? 'unconfigured'
    : counted;
}

/** "! 229 Ready, 2 Down" with the glyph of the worst state. */
export function groupEdgeText(counts: LinkCounts): string {
  const worst = groupEdgeState(counts);
  return `${
    worst ? CONNECTION_GLYPH[worst] : NO_LINK_GLYPH
  } ${describeLinkCounts(counts)}`;
}

/** One direction between a drawn cluster and the grouped clusters, counted by state: "229 Ready, 2 Down". */
export function GroupEdge(props: GroupEdgeProps) {
  const { from, to, counts, classes } = props;
  const curve = directedCurve(props.fromAt, props.toAt, NODE_SIZE);
  const worst = groupEdgeState(counts);
  const text = groupEdgeText(counts);
  const labelAt = pointOnCurve(curve, props.labelPosition);
  const stateClass = worst ? classes[worst] : classes.missing;
  return (
    <g
      className={stateClass}
      role="img"
      aria-label={`${from} to ${to}: ${describeLinkCounts(counts)}`}
    >
      <title>{`${from} to ${to}: ${describeLinkCounts(counts)}`}</title>
      <path className={classes.edgeLine} d={curve.path} />
      <path className={classes.arrow} d={curve.arrow} />
      <LabelBox center={labelAt} text={text} classes={classes} />
    </g>
  );
}
