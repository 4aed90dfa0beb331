import {
  checkClusterId,
  checkClusterName,
  checkMaxConnectedClusters,
} from './clusterIdentity';

describe('checkClusterName', () => {
  it.each([['aks-westeurope-1'], ['a'], ['1'], ['c1'], ['x'.repeat(32)]])(
    'accepts %j',
    name => {
      expect(checkClusterName(name, 'name')).toEqual([]);
    },
  );

  it.each([
    ['', 'must not be empty', 'aks-westeurope-1'],
    ['x'.repeat(33), 'at most 32 characters', 'shorten'],
    ['AKS-1', 'lowercase letters', 'use "aks-1"'],
    ['aks_1', 'lowercase letters', 'use "aks-1"'],
    ['-aks', 'starts and ends', 'use "aks"'],
    ['aks-', 'starts and ends', 'use "aks"'],
    ['aks.eu', 'lowercase letters', 'use "aks-eu"'],
    ['default', 'reserved', 'pick a name'],
  ])('rejects %j with a rule and a fix', (name, rule, fix) => {
    const [violation] = checkClusterName(name, 'clusters[0].name');
    expect(violation.field).toBe('clusters[0].name');
    expect(violation.rule).toContain(rule);
    expect(violation.fix).toContain(fix);
  });
});

describe('checkClusterId', () => {
  it.each([
    [1, 255],
    [255, 255],
    [256, 511],
    [511, 511],
  ] as const)('accepts id %i with maxConnectedClusters %i', (id, max) => {
    expect(checkClusterId(id, max, 'id')).toEqual([]);
  });

  it.each([
    [0, 255, 'between 1 and 255'],
    [-3, 255, 'between 1 and 255'],
    [1.5, 255, 'between 1 and 255'],
    [300, 255, 'set maxConnectedClusters to 511'],
    [512, 511, 'between 1 and 511'],
  ] as const)('rejects id %d with maxConnectedClusters %i', (id, max, fix) => {
    const [violation] = checkClusterId(id, max, 'clusters[2].id');
    expect(violation.field).toBe('clusters[2].id');
    expect(violation.rule).toContain(`from 1 to ${max}`);
    expect(violation.fix).toContain(fix);
  });
});

describe('checkMaxConnectedClusters', () => {
  it.each([[255], [511]])('accepts %i', value => {
    expect(checkMaxConnectedClusters(value, 'm')).toEqual([]);
  });
  it.each([[0], [256], [1023]])('rejects %i', value => {
    expect(checkMaxConnectedClusters(value, 'm')[0].rule).toContain(
      'either 255 or 511',
    );
  });
});
