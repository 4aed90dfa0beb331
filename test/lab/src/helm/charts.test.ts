import { locateChart, validateChartValues } from './charts';

describe('locateChart', () => {
  it.each([
    ['cilium/cilium', '1.20.0', undefined, '1.20.0'],
    ['cilium/cilium', 'v1.19.6', undefined, '1.19.6'],
    ['cilium', '1.16.19', 'https://helm.cilium.io/', '1.16.19'],
    ['cilium/cilium', undefined, undefined, '1.20.0'],
  ])('%s --version %s', (reference, version, repo, expected) => {
    expect(locateChart(reference, version, repo).version).toBe(expected);
  });

  it('refuses chart versions the lab has no schema for, saying which it has', () => {
    expect(() => locateChart('cilium/cilium', '1.18.0')).toThrow(
      'no chart version found for cilium-1.18.0 (the lab has 1.16.19, 1.19.6, 1.20.0)',
    );
  });

  it('refuses other charts', () => {
    expect(() => locateChart('bitnami/nginx', '1.0.0')).toThrow(
      'repo bitnami not found',
    );
  });
});

describe('validateChartValues', () => {
  const chart = (version: string) => locateChart('cilium/cilium', version);

  it.each(['1.16.19', '1.19.6', '1.20.0'])(
    'accepts the seed values on %s',
    version => {
      expect(() =>
        validateChartValues(
          chart(version),
          {
            cluster: { name: 'cluster1', id: 1 },
            aksbyocni: { enabled: true },
            kubeProxyReplacement: 'true',
            k8sServiceHost: 'aks-1.hcp.westeurope.azmk8s.io',
            k8sServicePort: 443,
            hubble: { relay: { enabled: true }, ui: { enabled: true } },
            ipam: { operator: { clusterPoolIPv4PodCIDRList: ['10.1.0.0/16'] } },
          },
          { render: true },
        ),
      ).not.toThrow();
    },
  );

  it('runs the templates only on the values a release ends up with', () => {
    // `--reuse-values --set cluster.id=2`: alone, the id would pair with the default name.
    const partial = { cluster: { id: 2 } };
    expect(() =>
      validateChartValues(chart('1.20.0'), partial, { render: false }),
    ).not.toThrow();
    expect(() =>
      validateChartValues(chart('1.20.0'), partial, { render: true }),
    ).toThrow(/execution error at \(cilium\/templates\/validate\.yaml/);
  });

  it('names the field and the types when a value has the wrong type', () => {
    expect(() =>
      validateChartValues(
        chart('1.20.0'),
        { cluster: { id: '1' } },
        { render: false },
      ),
    ).toThrow(
      "values don't meet the specifications of the schema(s) in the following chart(s):\ncilium:\n- cluster.id: Invalid type. Expected: integer, given: string",
    );
  });
});
