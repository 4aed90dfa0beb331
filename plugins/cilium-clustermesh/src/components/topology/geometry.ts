/** Plain geometry for the graph: curves, arrowheads and label placement, in SVG user units. */

export interface Point {
  x: number;
  y: number;
}

export interface BoxSize {
  width: number;
  height: number;
}

export interface DirectedCurve {
  /** SVG path data of the curve, ending at the arrowhead's base. */
  path: string;
  /** SVG path data of the closed arrowhead. */
  arrow: string;
  /** The quadratic curve's points; `end` is the arrow's tip. */
  start: Point;
  control: Point;
  end: Point;
}

const ARROW_LENGTH = 11;
const ARROW_HALF_WIDTH = 5;
/** Keeps the two directions of a pair apart where they leave and reach the boxes. */
const END_SPREAD = 9;
/** Room between a box's edge and an arrow's tip. */
const BOX_GAP = 4;

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function fmt(point: Point): string {
  return `${round(point.x)} ${round(point.y)}`;
}

/** Where the ray from `center` towards `towards` leaves a box of `box` size around `center`. */
export function exitPoint(
  center: Point,
  towards: Point,
  box: BoxSize,
  gap = BOX_GAP,
): Point {
  const dx = towards.x - center.x;
  const dy = towards.y - center.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return center;
  const halfWidth = box.width / 2 + gap;
  const halfHeight = box.height / 2 + gap;
  const scale = Math.min(
    dx === 0 ? Infinity : halfWidth / Math.abs(dx),
    dy === 0 ? Infinity : halfHeight / Math.abs(dy),
  );
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

/**
 * A curve from box `from` to box `to` that bends to its right, so the
 * reverse direction bends the other way and the pair reads as two arrows.
 */
export function directedCurve(
  from: Point,
  to: Point,
  box: BoxSize,
): DirectedCurve {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const side = { x: -dy / length, y: dx / length };
  const shift = (p: Point, by: number): Point => ({
    x: p.x + side.x * by,
    y: p.y + side.y * by,
  });
  const start = shift(exitPoint(from, to, box), END_SPREAD);
  const end = shift(exitPoint(to, from, box), END_SPREAD);
  const bend = Math.min(60, Math.max(16, length * 0.12));
  const control = shift(
    { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 },
    bend,
  );

  const tx = end.x - control.x;
  const ty = end.y - control.y;
  const tangentLength = Math.hypot(tx, ty) || 1;
  const tangent = { x: tx / tangentLength, y: ty / tangentLength };
  const base = {
    x: end.x - tangent.x * ARROW_LENGTH,
    y: end.y - tangent.y * ARROW_LENGTH,
  };
  const wing = (sign: number): Point => ({
    x: base.x - tangent.y * ARROW_HALF_WIDTH * sign,
    y: base.y + tangent.x * ARROW_HALF_WIDTH * sign,
  });

  return {
    path: `M ${fmt(start)} Q ${fmt(control)} ${fmt(base)}`,
    arrow: `M ${fmt(end)} L ${fmt(wing(1))} L ${fmt(wing(-1))} Z`,
    start,
    control,
    end,
  };
}

/** The point at `t` (0 = start, 1 = arrow tip) along `curve`. */
export function pointOnCurve(curve: DirectedCurve, t: number): Point {
  const u = 1 - t;
  const { start, control, end } = curve;
  return {
    x: u * u * start.x + 2 * u * t * control.x + t * t * end.x,
    y: u * u * start.y + 2 * u * t * control.y + t * t * end.y,
  };
}

function overlap(
  a: Point,
  aSize: BoxSize,
  b: Point,
  bSize: BoxSize,
  gap: number,
) {
  return (
    Math.abs(a.x - b.x) < (aSize.width + bSize.width) / 2 + gap &&
    Math.abs(a.y - b.y) < (aSize.height + bSize.height) / 2 + gap
  );
}

/** Label positions along a curve, most central first. */
const LABEL_POSITIONS = [0.42, 0.36, 0.3, 0.25, 0.2];

/**
 * How far along their curves the labels of a pair's two directions sit.
 * Each label sits on its own curve, so it cannot be read as the other
 * direction's; both move towards their source until they no longer cover
 * each other.
 */
export function staggerLabels(
  forward: DirectedCurve,
  forwardLabel: BoxSize,
  backward: DirectedCurve,
  backwardLabel: BoxSize,
): number {
  return (
    LABEL_POSITIONS.find(
      t =>
        !overlap(
          pointOnCurve(forward, t),
          forwardLabel,
          pointOnCurve(backward, t),
          backwardLabel,
          4,
        ),
    ) ?? LABEL_POSITIONS[LABEL_POSITIONS.length - 1]
  );
}

/** Text is measured without a DOM (tests, server) from an average glyph width. */
export function estimateTextWidth(text: string, fontSize: number): number {
  return Math.ceil(Array.from(text).length * fontSize * 0.6);
}

/** `text` cut with an ellipsis so it fits `maxWidth`; the full text goes in the accessible name. */
export function fitText(
  text: string,
  maxWidth: number,
  fontSize: number,
): string {
  const chars = Array.from(text);
  const fits = Math.floor(maxWidth / (fontSize * 0.6));
  return chars.length <= fits
    ? text
    : `${chars.slice(0, Math.max(1, fits - 1)).join('')}…`;
}
