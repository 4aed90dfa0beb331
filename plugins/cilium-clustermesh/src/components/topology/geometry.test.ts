import {
  directedCurve,
  exitPoint,
  fitText,
  pointOnCurve,
  staggerLabels,
} from './geometry';

const box = { width: 100, height: 40 };

describe('exitPoint', () => {
  it.each([
    { towards: { x: 500, y: 0 }, expected: { x: 54, y: 0 } },
    { towards: { x: 0, y: -500 }, expected: { x: 0, y: -24 } },
    { towards: { x: 100, y: 100 }, expected: { x: 24, y: 24 } },
    { towards: { x: 0, y: 0 }, expected: { x: 0, y: 0 } },
  ])(
    'leaves the box towards $towards.x,$towards.y',
    ({ towards, expected }) => {
      const point = exitPoint({ x: 0, y: 0 }, towards, box);
      expect(point.x).toBeCloseTo(expected.x);
      expect(point.y).toBeCloseTo(expected.y);
    },
  );
});

describe('directedCurve', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 400, y: 0 };

  it('ends outside the target box with the arrow tip, and bends the two directions apart', () => {
    const forward = directedCurve(a, b, box);
    const backward = directedCurve(b, a, box);
    expect(forward.end.x).toBeCloseTo(400 - 54);
    expect(forward.path).toMatch(/^M 54 \S+ Q /);
    expect(forward.arrow).toMatch(/^M 346 \S+ L .* Z$/);
    // SVG y grows downwards: the right of travel eastwards is south.
    expect(pointOnCurve(forward, 0.5).y).toBeGreaterThan(20);
    expect(pointOnCurve(backward, 0.5).y).toBeLessThan(-20);
  });

  it('staggers the labels of a steep pair until they no longer cover each other', () => {
    // Two corners of the three-cluster triangle, with the graph's box size.
    const top = { x: 0, y: -280 };
    const below = { x: 242.5, y: 140 };
    const node = { width: 200, height: 84 };
    const label = { width: 130, height: 20 };
    const t = staggerLabels(
      directedCurve(top, below, node),
      label,
      directedCurve(below, top, node),
      label,
    );
    const first = pointOnCurve(directedCurve(top, below, node), t);
    const second = pointOnCurve(directedCurve(below, top, node), t);
    expect(t).toBeLessThan(0.42);
    expect(
      Math.abs(first.y - second.y) >= 24 || Math.abs(first.x - second.x) >= 134,
    ).toBe(true);
  });

  it('keeps labels central when there is room', () => {
    const label = { width: 130, height: 20 };
    expect(
      staggerLabels(
        directedCurve(a, b, box),
        label,
        directedCurve(b, a, box),
        label,
      ),
    ).toBe(0.42);
  });
});

describe('fitText', () => {
  it.each([
    ['cluster1', 'cluster1'],
    ['aks-prod-westeurope-01', 'aks-prod-westeuro…'],
  ])('%s', (text, expected) => {
    expect(fitText(text, 130, 12)).toBe(expected);
  });
});
