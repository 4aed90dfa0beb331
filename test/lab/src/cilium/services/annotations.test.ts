import { namespaceIsGlobal, serviceAnnotations } from './annotations';

const GLOBAL = 'service.cilium.io/global';
const SHARED = 'service.cilium.io/shared';
const AFFINITY = 'service.cilium.io/affinity';

describe('serviceAnnotations', () => {
  it.each<
    [string, Record<string, string>, ReturnType<typeof serviceAnnotations>]
  >([
    ['nothing', {}, { global: false, shared: false, affinity: 'none' }],
    [
      'global',
      { [GLOBAL]: 'true' },
      { global: true, shared: true, affinity: 'none' },
    ],
    [
      'global in capitals',
      { [GLOBAL]: 'TRUE' },
      { global: true, shared: true, affinity: 'none' },
    ],
    [
      'global "yes"',
      { [GLOBAL]: 'yes' },
      { global: false, shared: false, affinity: 'none' },
    ],
    [
      'global "false"',
      { [GLOBAL]: 'false' },
      { global: false, shared: false, affinity: 'none' },
    ],
    [
      'legacy global alias',
      { 'io.cilium/global-service': 'true' },
      { global: true, shared: true, affinity: 'none' },
    ],
    [
      'legacy shared alias',
      {
        'io.cilium/global-service': 'true',
        'io.cilium/shared-service': 'false',
      },
      { global: true, shared: false, affinity: 'none' },
    ],
    [
      'legacy affinity alias',
      { [GLOBAL]: 'true', 'io.cilium/service-affinity': 'remote' },
      { global: true, shared: true, affinity: 'remote' },
    ],
    [
      'shared "False"',
      { [GLOBAL]: 'true', [SHARED]: 'False' },
      { global: true, shared: false, affinity: 'none' },
    ],
    [
      'shared "yes" is not "true"',
      { [GLOBAL]: 'true', [SHARED]: 'yes' },
      { global: true, shared: false, affinity: 'none' },
    ],
    [
      'shared "TRUE"',
      { [GLOBAL]: 'true', [SHARED]: 'TRUE' },
      { global: true, shared: true, affinity: 'none' },
    ],
    [
      'affinity "Local"',
      { [GLOBAL]: 'true', [AFFINITY]: 'Local' },
      { global: true, shared: true, affinity: 'local' },
    ],
    [
      'affinity "none"',
      { [GLOBAL]: 'true', [AFFINITY]: 'none' },
      { global: true, shared: true, affinity: 'none' },
    ],
    [
      'affinity empty',
      { [GLOBAL]: 'true', [AFFINITY]: '' },
      { global: true, shared: true, affinity: 'none' },
    ],
    [
      'invalid affinity',
      { [GLOBAL]: 'true', [AFFINITY]: 'nearest' },
      { global: true, shared: true, affinity: 'none' },
    ],
    [
      'shared and affinity without global',
      { [SHARED]: 'true', [AFFINITY]: 'local' },
      { global: false, shared: false, affinity: 'none' },
    ],
    [
      'the current key wins over its alias',
      { [GLOBAL]: 'false', 'io.cilium/global-service': 'true' },
      { global: false, shared: false, affinity: 'none' },
    ],
    [
      'the current shared key wins over its alias',
      {
        [GLOBAL]: 'true',
        [SHARED]: 'true',
        'io.cilium/shared-service': 'false',
      },
      { global: true, shared: true, affinity: 'none' },
    ],
  ])('%s', (_, annotations, expected) => {
    expect(serviceAnnotations(annotations)).toEqual(expected);
  });
});

describe('namespaceIsGlobal', () => {
  const ANNOTATION = 'clustermesh.cilium.io/global';
  it.each<[number, Record<string, string>, boolean, boolean]>([
    [20, {}, true, true],
    [20, {}, false, false],
    [20, { [ANNOTATION]: 'true' }, false, true],
    [20, { [ANNOTATION]: 'TRUE' }, false, true],
    [20, { [ANNOTATION]: 'false' }, true, false],
    [20, { [ANNOTATION]: 'yes' }, true, false],
    [21, {}, false, false],
    [19, { [ANNOTATION]: 'false' }, false, true],
    [16, {}, false, true],
  ])(
    '1.%d with %j and default %s → %s',
    (minor, annotations, byDefault, expected) => {
      expect(namespaceIsGlobal(minor, annotations, byDefault)).toBe(expected);
    },
  );
});
