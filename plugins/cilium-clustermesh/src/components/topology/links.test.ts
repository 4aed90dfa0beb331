import type {
  ClusterObservation,
  ConnectionState,
  MeshConnection,
} from '@meshportal/plugin-cilium-clustermesh-common';
import {
  forgetPeer,
  makeUnreachable,
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import { isOneWay, pairLinks, PairLink } from './links';

const SEED = ['cluster1', 'cluster2', 'cluster3'];

function pairsOf(observations: ClusterObservation[]) {
  return pairLinks(SEED, meshFixture('lab-mesh', observations).connections);
}

/** What a pair says, without the connection detail. */
function summary(pair: PairLink) {
  return {
    pair: `${pair.a}-${pair.b}`,
    forward: pair.forward?.state ?? 'missing',
    backward: pair.backward?.state ?? 'missing',
    oneWay: pair.oneWay,
    worst: pair.worst,
  };
}

function direction(
  from: string,
  to: string,
  state: ConnectionState,
  configured = true,
): MeshConnection {
  return { from, to, state, configured };
}

describe('pairLinks', () => {
  it.each([
    {
      scenario: 'healthy seed mesh',
      observations: seed(),
      expected: [
        ['cluster1-cluster2', 'connected', 'connected', false, 'connected'],
        ['cluster1-cluster3', 'connected', 'connected', false, 'connected'],
        ['cluster2-cluster3', 'connected', 'connected', false, 'connected'],
      ],
    },
    {
      scenario: 'one agent of cluster3 does not reach cluster1',
      observations: seed({
        cluster3: (_, c) =>
          markNotReady(c.agentViews, 'cluster1', ['cilium-cluster3-0']),
      }),
      expected: [
        ['cluster1-cluster2', 'connected', 'connected', false, 'connected'],
        ['cluster1-cluster3', 'connected', 'degraded', false, 'degraded'],
        ['cluster2-cluster3', 'connected', 'connected', false, 'connected'],
      ],
    },
    {
      scenario: 'cluster3 reaches cluster1 through neither layer',
      observations: seed({
        cluster3: (_, c) => {
          markNotReady(c.agentViews, 'cluster1');
          markNotReady(c.kvstoremeshViews, 'cluster1');
        },
      }),
      expected: [
        ['cluster1-cluster2', 'connected', 'connected', false, 'connected'],
        [
          'cluster1-cluster3',
          'connected',
          'disconnected',
          true,
          'disconnected',
        ],
        ['cluster2-cluster3', 'connected', 'connected', false, 'connected'],
      ],
    },
    {
      scenario: 'cluster3 forgot cluster1, which still configures it',
      observations: seed({ cluster3: (_, c) => forgetPeer(c, 'cluster1') }),
      expected: [
        ['cluster1-cluster2', 'connected', 'connected', false, 'connected'],
        [
          'cluster1-cluster3',
          'connected',
          'unconfigured',
          true,
          'unconfigured',
        ],
        ['cluster2-cluster3', 'connected', 'connected', false, 'connected'],
      ],
    },
    {
      scenario: 'cluster2 cannot be read',
      observations: seed({ cluster2: makeUnreachable }),
      expected: [
        ['cluster1-cluster2', 'connected', 'unknown', false, 'unknown'],
        ['cluster1-cluster3', 'connected', 'connected', false, 'connected'],
        ['cluster2-cluster3', 'unknown', 'connected', false, 'unknown'],
      ],
    },
  ])('$scenario', ({ observations, expected }) => {
    expect(pairsOf(observations).map(summary)).toEqual(
      expected.map(([pair, forward, backward, oneWay, worst]) => ({
        pair,
        forward,
        backward,
        oneWay,
        worst,
      })),
    );
  });

  it('keeps the pair when one direction has no connection at all', () => {
    const [pair] = pairLinks(['a', 'b'], [direction('a', 'b', 'connected')]);
    expect(summary(pair)).toEqual({
      pair: 'a-b',
      forward: 'connected',
      backward: 'missing',
      oneWay: true,
      worst: 'unconfigured',
    });
  });

  it('lists every unordered pair once, in cluster order, even without connections', () => {
    const pairs = pairLinks(['c', 'a', 'b'], []);
    expect(pairs.map(p => `${p.a}-${p.b}`)).toEqual(['c-a', 'c-b', 'a-b']);
    expect(pairs.every(p => !p.forward && !p.backward && !p.oneWay)).toBe(true);
  });

  it('ignores connections of clusters it was not asked about', () => {
    const [pair] = pairLinks(
      ['a', 'b'],
      [direction('a', 'x', 'disconnected'), direction('b', 'a', 'connected')],
    );
    expect(pair.forward).toBeUndefined();
    expect(pair.backward?.state).toBe('connected');
  });
});

describe('isOneWay', () => {
  it.each<
    [string, MeshConnection | undefined, MeshConnection | undefined, boolean]
  >([
    [
      'both Ready',
      direction('a', 'b', 'connected'),
      direction('b', 'a', 'connected'),
      false,
    ],
    [
      'Ready and Degraded: both get through',
      direction('a', 'b', 'connected'),
      direction('b', 'a', 'degraded'),
      false,
    ],
    [
      'Ready and Down',
      direction('a', 'b', 'connected'),
      direction('b', 'a', 'disconnected'),
      true,
    ],
    [
      'both Down',
      direction('a', 'b', 'disconnected'),
      direction('b', 'a', 'disconnected'),
      false,
    ],
    [
      'Down, other side not configured',
      direction('a', 'b', 'disconnected'),
      direction('b', 'a', 'unconfigured', false),
      true,
    ],
    [
      'Ready, other direction missing',
      direction('a', 'b', 'connected'),
      undefined,
      true,
    ],
    [
      'Ready, other side unknown',
      direction('a', 'b', 'connected'),
      direction('b', 'a', 'unknown', false),
      false,
    ],
    ['both missing', undefined, undefined, false],
  ])('%s', (_, forward, backward, expected) => {
    expect(isOneWay(forward, backward)).toBe(expected);
    expect(isOneWay(backward, forward)).toBe(expected);
  });
});
