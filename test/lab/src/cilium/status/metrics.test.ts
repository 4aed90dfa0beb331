import { agentMetrics, kvstoremeshMetrics } from './metrics';
import { parsePrometheusText } from './__testUtils__/parsePrometheusText';
import { readyView, waitingView } from './__testUtils__/views';

const SOURCE = ['source_cluster', 'source_node_name'];
const PER_TARGET_OLD = [...SOURCE, 'target_cluster'];

/** Label sets per metric, as in reference/cilium/clustermesh-metrics.json. */
const AGENT_UP_TO_1_18: Record<string, string[]> = {
  cilium_clustermesh_remote_clusters: SOURCE,
  cilium_clustermesh_remote_cluster_readiness_status: PER_TARGET_OLD,
  cilium_clustermesh_remote_cluster_failures: PER_TARGET_OLD,
  cilium_clustermesh_remote_cluster_last_failure_ts: PER_TARGET_OLD,
  cilium_clustermesh_remote_cluster_nodes: PER_TARGET_OLD,
  cilium_clustermesh_global_services: SOURCE,
};
const AGENT_1_19_PLUS: Record<string, string[]> = {
  cilium_clustermesh_remote_clusters: [],
  cilium_clustermesh_remote_cluster_readiness_status: ['target_cluster'],
  cilium_clustermesh_remote_cluster_failures: ['target_cluster'],
  cilium_clustermesh_remote_cluster_last_failure_ts: ['target_cluster'],
  cilium_clustermesh_remote_cluster_nodes: ['target_cluster'],
  cilium_clustermesh_remote_cluster_services: ['target_cluster'],
  cilium_clustermesh_remote_cluster_endpoints: ['target_cluster'],
};
const KVSTOREMESH_UP_TO_1_18: Record<string, string[]> = {
  cilium_kvstoremesh_remote_clusters: ['source_cluster'],
  cilium_kvstoremesh_remote_cluster_readiness_status: [
    'source_cluster',
    'target_cluster',
  ],
  cilium_kvstoremesh_remote_cluster_failures: [
    'source_cluster',
    'target_cluster',
  ],
  cilium_kvstoremesh_remote_cluster_last_failure_ts: [
    'source_cluster',
    'target_cluster',
  ],
};
const KVSTOREMESH_1_19_PLUS: Record<string, string[]> = {
  cilium_kvstoremesh_remote_clusters: [],
  cilium_kvstoremesh_remote_cluster_readiness_status: ['target_cluster'],
  cilium_kvstoremesh_remote_cluster_failures: ['target_cluster'],
  cilium_kvstoremesh_remote_cluster_last_failure_ts: ['target_cluster'],
};

const identity = { clusterName: 'aks-neu-1', nodeName: 'aks-nodepool1-0' };
const FAILED_AT = new Date('2026-08-20T10:11:12.345Z');
const views = [
  readyView({ name: 'aks-neu-2', lastFailure: FAILED_AT }),
  waitingView({ name: 'aks-neu-3' }),
];

function labelNames(
  families: ReturnType<typeof parsePrometheusText>,
  prefix: string,
) {
  const names: Record<string, string[][]> = {};
  for (const [name, family] of families) {
    if (!name.startsWith(prefix)) continue;
    names[name] = family.samples.map(sample =>
      Object.keys(sample.labels).sort(),
    );
  }
  return names;
}

function value(
  families: ReturnType<typeof parsePrometheusText>,
  name: string,
  labels: Record<string, string> = {},
) {
  const matches = (families.get(name)?.samples ?? []).filter(sample =>
    Object.entries(labels).every(([key, want]) => sample.labels[key] === want),
  );
  if (matches.length !== 1) {
    throw new Error(
      `${matches.length} samples of ${name} match ${JSON.stringify(labels)}`,
    );
  }
  return matches[0].value;
}

describe('agentMetrics', () => {
  it.each([
    ['1.15.19', AGENT_UP_TO_1_18],
    ['1.16.19', AGENT_UP_TO_1_18],
    ['1.17.18', AGENT_UP_TO_1_18],
    ['1.18.12', AGENT_UP_TO_1_18],
    ['1.19.6', AGENT_1_19_PLUS],
    ['1.20.0', AGENT_1_19_PLUS],
  ])(
    '%s exposes exactly the ClusterMesh metrics and labels of its version',
    (version, expected) => {
      const families = parsePrometheusText(
        agentMetrics(version, identity, views, 1),
      );
      const seen = labelNames(families, 'cilium_clustermesh_');
      expect(Object.keys(seen).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, labels] of Object.entries(expected)) {
        for (const sampleLabels of seen[name]) {
          expect([name, sampleLabels]).toEqual([name, [...labels].sort()]);
        }
        expect(families.get(name)?.type).toBe('gauge');
        expect(families.get(name)?.help).toMatch(/^The /);
      }
    },
  );

  it('reports per-peer values on 1.18 with the reporting node in every series', () => {
    const families = parsePrometheusText(
      agentMetrics('1.18.12', identity, views, 4),
    );
    const source = {
      source_cluster: 'aks-neu-1',
      source_node_name: 'aks-nodepool1-0',
    };
    const peer2 = { ...source, target_cluster: 'aks-neu-2' };
    const peer3 = { ...source, target_cluster: 'aks-neu-3' };
    expect(value(families, 'cilium_clustermesh_remote_clusters', source)).toBe(
      2,
    );
    expect(value(families, 'cilium_clustermesh_global_services', source)).toBe(
      4,
    );
    expect(
      value(
        families,
        'cilium_clustermesh_remote_cluster_readiness_status',
        peer2,
      ),
    ).toBe(1);
    expect(
      value(
        families,
        'cilium_clustermesh_remote_cluster_readiness_status',
        peer3,
      ),
    ).toBe(0);
    expect(
      value(families, 'cilium_clustermesh_remote_cluster_failures', peer2),
    ).toBe(1);
    expect(
      value(families, 'cilium_clustermesh_remote_cluster_failures', peer3),
    ).toBe(0);
    expect(
      value(
        families,
        'cilium_clustermesh_remote_cluster_last_failure_ts',
        peer2,
      ),
    ).toBe(FAILED_AT.getTime() / 1000);
    expect(
      value(
        families,
        'cilium_clustermesh_remote_cluster_last_failure_ts',
        peer3,
      ),
    ).toBe(0);
    expect(
      value(families, 'cilium_clustermesh_remote_cluster_nodes', peer2),
    ).toBe(3);
  });

  it('reports per-peer services and endpoints on 1.19+ instead of a mesh-wide count', () => {
    const families = parsePrometheusText(
      agentMetrics('1.19.6', identity, views, 4),
    );
    const peer2 = { target_cluster: 'aks-neu-2' };
    expect(value(families, 'cilium_clustermesh_remote_clusters')).toBe(2);
    expect(
      value(families, 'cilium_clustermesh_remote_cluster_services', peer2),
    ).toBe(10);
    expect(
      value(families, 'cilium_clustermesh_remote_cluster_endpoints', peer2),
    ).toBe(25);
    expect(
      value(families, 'cilium_clustermesh_remote_cluster_services', {
        target_cluster: 'aks-neu-3',
      }),
    ).toBe(0);
  });

  it('writes the last failure as float seconds in Go notation', () => {
    const text = agentMetrics('1.20.0', identity, views, 0);
    expect(text).toContain(
      'cilium_clustermesh_remote_cluster_last_failure_ts{target_cluster="aks-neu-2"} 1.787220672345e+09\n',
    );
  });

  it('has only the remote_clusters count when no peer is configured', () => {
    const families = parsePrometheusText(
      agentMetrics('1.20.0', identity, [], 0),
    );
    expect(Object.keys(labelNames(families, 'cilium_clustermesh_'))).toEqual([
      'cilium_clustermesh_remote_clusters',
    ]);
    expect(value(families, 'cilium_clustermesh_remote_clusters')).toBe(0);
  });

  it('escapes label values per the exposition format', () => {
    const odd = { clusterName: 'we"ird\\name', nodeName: 'line\nbreak' };
    const text = agentMetrics('1.18.12', odd, views, 0);
    expect(text).toContain('source_cluster="we\\"ird\\\\name"');
    expect(text).toContain('source_node_name="line\\nbreak"');
    const families = parsePrometheusText(text);
    expect(value(families, 'cilium_clustermesh_remote_clusters')).toBe(2);
    expect(
      families.get('cilium_clustermesh_remote_clusters')?.samples[0].labels,
    ).toEqual({
      source_cluster: 'we"ird\\name',
      source_node_name: 'line\nbreak',
    });
  });

  it('exposes cilium_version like any agent scrape', () => {
    const families = parsePrometheusText(
      agentMetrics('1.17.18', identity, views, 0),
    );
    expect(families.get('cilium_version')).toEqual({
      help: 'Cilium version',
      type: 'gauge',
      samples: [
        {
          labels: { arch: 'amd64', revision: '', version: '1.17.18' },
          value: 0,
        },
      ],
    });
  });
});

describe('kvstoremeshMetrics', () => {
  it.each([
    ['1.16.19', KVSTOREMESH_UP_TO_1_18],
    ['1.18.12', KVSTOREMESH_UP_TO_1_18],
    ['1.19.6', KVSTOREMESH_1_19_PLUS],
    ['1.20.0', KVSTOREMESH_1_19_PLUS],
  ])(
    '%s exposes exactly its remote-cluster metrics and labels',
    (version, expected) => {
      const families = parsePrometheusText(
        kvstoremeshMetrics(version, 'aks-neu-1', views),
      );
      const seen = labelNames(families, '');
      expect(Object.keys(seen).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, labels] of Object.entries(expected)) {
        for (const sampleLabels of seen[name]) {
          expect([name, sampleLabels]).toEqual([name, [...labels].sort()]);
        }
        expect(families.get(name)?.type).toBe('gauge');
      }
    },
  );

  it('reports readiness, failures and last failure per peer', () => {
    const families = parsePrometheusText(
      kvstoremeshMetrics('1.18.12', 'aks-neu-1', views),
    );
    const peer = (target: string) => ({
      source_cluster: 'aks-neu-1',
      target_cluster: target,
    });
    expect(
      value(families, 'cilium_kvstoremesh_remote_clusters', {
        source_cluster: 'aks-neu-1',
      }),
    ).toBe(2);
    expect(
      value(
        families,
        'cilium_kvstoremesh_remote_cluster_readiness_status',
        peer('aks-neu-2'),
      ),
    ).toBe(1);
    expect(
      value(
        families,
        'cilium_kvstoremesh_remote_cluster_readiness_status',
        peer('aks-neu-3'),
      ),
    ).toBe(0);
    expect(
      value(
        families,
        'cilium_kvstoremesh_remote_cluster_failures',
        peer('aks-neu-2'),
      ),
    ).toBe(1);
    expect(
      value(
        families,
        'cilium_kvstoremesh_remote_cluster_last_failure_ts',
        peer('aks-neu-3'),
      ),
    ).toBe(0);
  });
});
