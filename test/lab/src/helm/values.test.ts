import { mergeValues, parseSetArguments } from './values';

describe('parseSetArguments', () => {
  it.each([
    ['cluster.id=1', { cluster: { id: 1 } }],
    ['cluster.name=c1,cluster.id=2', { cluster: { name: 'c1', id: 2 } }],
    ['hubble.relay.enabled=true', { hubble: { relay: { enabled: true } } }],
    ['a=null', { a: null }],
    ['a=1.5', { a: '1.5' }],
    [
      'ipam.operator.clusterPoolIPv4PodCIDRList={10.1.0.0/16,10.2.0.0/16}',
      {
        ipam: {
          operator: {
            clusterPoolIPv4PodCIDRList: ['10.1.0.0/16', '10.2.0.0/16'],
          },
        },
      },
    ],
    [
      'k8sServiceHost=aks-1.hcp.westeurope.azmk8s.io',
      { k8sServiceHost: 'aks-1.hcp.westeurope.azmk8s.io' },
    ],
    [
      'annotations.service\\.beta\\.kubernetes\\.io/x=y',
      { annotations: { 'service.beta.kubernetes.io/x': 'y' } },
    ],
    ['list[1]=b', { list: [undefined, 'b'] }],
  ])('--set %s', (assignment, expected) => {
    expect(parseSetArguments([assignment], false)).toEqual(expected);
  });

  it('keeps everything a string with --set-string', () => {
    expect(parseSetArguments(['cluster.id=1,a=true'], true)).toEqual({
      cluster: { id: '1' },
      a: 'true',
    });
  });

  it('refuses an assignment without a value', () => {
    expect(() => parseSetArguments(['cluster.id'], false)).toThrow(
      'key "cluster.id" has no value',
    );
  });
});

describe('mergeValues', () => {
  it('merges maps and replaces lists and scalars, like Helm', () => {
    expect(
      mergeValues(
        { cluster: { name: 'a', id: 1 }, list: [1, 2], keep: true },
        { cluster: { id: 2 }, list: [3] },
      ),
    ).toEqual({ cluster: { name: 'a', id: 2 }, list: [3], keep: true });
  });
});
