import { checkHelmValue, helmArgumentProblems } from './helmArgs';

describe('checkHelmValue', () => {
  it.each([
    ['releaseName', 'cilium'],
    ['releaseName', 'my.release-1'],
    ['namespace', 'kube-system'],
    ['chartReference', 'cilium/cilium'],
    ['chartReference', 'cilium'],
    ['chartReference', 'oci://quay.io/cilium/charts/cilium'],
    ['chartVersion', '1.20.0'],
    ['chartVersion', 'v1.19.6'],
    ['chartVersion', '1.21.0-pre.0'],
    ['repositoryUrl', 'https://helm.cilium.io'],
    ['repositoryUrl', 'https://helm.cilium.io/'],
    ['duration', '600s'],
    ['duration', '1h2m3s'],
  ] as const)('accepts %s %j', (kind, value) => {
    expect(checkHelmValue(kind, value)).toBeUndefined();
  });

  it.each([
    ['chartVersion', '1.20.0 --post-renderer x'],
    ['chartVersion', '--set=a=b'],
    ['chartVersion', '^1.20'],
    ['chartVersion', '1.20'],
    ['chartVersion', ''],
    ['releaseName', '-cilium'],
    ['releaseName', 'Cilium'],
    ['releaseName', 'a'.repeat(54)],
    ['namespace', 'kube_system'],
    ['namespace', '--namespace=default'],
    ['chartReference', './chart'],
    ['chartReference', '/etc/passwd'],
    ['chartReference', '../cilium'],
    ['chartReference', 'https://evil.example/chart.tgz'],
    ['chartReference', 'cilium/cilium --post-renderer=/bin/sh'],
    ['repositoryUrl', 'http://helm.cilium.io'],
    ['repositoryUrl', 'https://helm.cilium.io --insecure-skip-tls-verify'],
    ['duration', '10 m'],
  ] as const)('refuses %s %j, naming the value and a fix', (kind, value) => {
    const violation = checkHelmValue(kind, value, 'input.field');
    expect(violation).toMatchObject({
      field: 'input.field',
      rule: expect.stringContaining(JSON.stringify(value)),
      fix: expect.stringMatching(/^use /),
    });
  });
});

describe('helmArgumentProblems', () => {
  it.each([
    [['status', 'cilium', '-n', 'kube-system', '-o', 'json']],
    [
      [
        'get',
        'values',
        'cilium',
        '-n',
        'kube-system',
        '--revision',
        '3',
        '-o',
        'json',
      ],
    ],
    [['history', 'cilium', '-n', 'kube-system', '-o', 'json']],
    [
      [
        'upgrade',
        '--install',
        'cilium',
        'cilium',
        '--repo',
        'https://helm.cilium.io',
        '--version',
        '1.20.0',
        '-n',
        'kube-system',
        '-f',
        'values.json',
        '--wait',
        '--timeout',
        '600s',
      ],
    ],
    [['version']],
  ])('allows %j', args => {
    expect(helmArgumentProblems(args, ['values.json'])).toEqual([]);
  });

  it.each([
    [
      ['upgrade', 'cilium', 'cilium/cilium', '--set', 'a=b'],
      /--set is refused: values go only through files/,
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '--set=a=b'],
      /separate arguments; values go only through files/,
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '--set-file', 'a=/etc/shadow'],
      /--set-file is refused/,
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '--post-renderer', '/bin/sh'],
      /--post-renderer is refused/,
    ],
    [
      ['status', 'cilium', '--kubeconfig', '/root/.kube/config'],
      /supplies cluster access itself/,
    ],
    [
      ['status', 'cilium', '--kube-token', 'x'],
      /supplies cluster access itself/,
    ],
    [
      [
        'upgrade',
        'cilium',
        'cilium/cilium',
        '--version',
        '1.20.0 --post-renderer x',
      ],
      /--version: "1.20.0 --post-renderer x" is not a valid chart version/,
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '-f', '/etc/passwd'],
      /-f: "\/etc\/passwd" is not a valid file name/,
    ],
    [
      ['upgrade', 'cilium', 'cilium/cilium', '-f', 'other.yaml'],
      /only files handed to the runner/,
    ],
    [['upgrade', 'cilium', '/tmp/chart'], /is not a valid chart reference/],
    [['upgrade', 'cilium'], /takes 2 argument\(s\)/],
    [['status', 'cilium\n--debug'], /control characters/],
    [['template', 'cilium', 'cilium/cilium'], /is not one of/],
    [['plugin', 'install', 'https://evil'], /is not one of/],
    [['status', 'cilium', '-n'], /-n needs a value/],
  ])('refuses %j', (args, problem) => {
    const problems = helmArgumentProblems(args, ['values.json']);
    expect(problems.join('\n')).toMatch(problem);
  });
});
