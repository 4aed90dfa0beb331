import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMeshPreflightAction } from './meshPreflight';

const clusters = [
  { name: 'aks-1', id: 1, podCidr: '10.1.0.0/16', serviceCidr: '10.0.0.0/16' },
  { name: 'aks-2', id: 2, podCidr: '10.2.0.0/16', serviceCidr: '10.0.0.0/16' },
];

describe('cilium:mesh:preflight', () => {
  const action = createMeshPreflightAction();

  it('passes a valid layout and outputs the cluster names', async () => {
    const ctx = createMockActionContext({
      input: { maxConnectedClusters: 255, clusters },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('clusterNames', ['aks-1', 'aks-2']);
  });

  it('fails naming every broken field, rule and fix, and outputs nothing', async () => {
    const ctx = createMockActionContext({
      input: {
        maxConnectedClusters: 255,
        clusters: [
          clusters[0],
          { ...clusters[1], id: 1, podCidr: '10.1.128.0/17' },
        ],
      },
    });
    const failure = action.handler(ctx);
    await expect(failure).rejects.toThrow(
      /clusters\[1\]\.id: cluster ids are unique/,
    );
    await expect(failure).rejects.toThrow(
      /clusters\[1\]\.podCidr: pod CIDR 10\.1\.128\.0\/17 overlaps clusters\[0\]\.podCidr/,
    );
    await expect(failure).rejects.toThrow(/Fix: /);
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
