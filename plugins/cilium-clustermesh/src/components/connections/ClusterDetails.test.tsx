import { renderInTestApp } from '@backstage/test-utils';
import type { ClusterObservation } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  makeUnreachable,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { screen, within } from '@testing-library/react';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import { ClusterDetails } from './ClusterDetails';

jest.setTimeout(30_000);

async function renderCluster(observations: ClusterObservation[], name: string) {
  const fixture = meshFixture('lab-mesh', observations);
  await renderInTestApp(
    <ClusterDetails
      mesh="lab-mesh"
      cluster={fixture.detail.clusters.find(c => c.name === name)!}
      problems={fixture.detail.problems}
    />,
  );
}

function codeBlock(text: string) {
  return screen.getByText(
    (_, element) => element?.tagName === 'CODE' && element.textContent === text,
  );
}

describe('ClusterDetails', () => {
  it('puts the read error of an unreachable cluster first, with its problem and command', async () => {
    await renderCluster(seed({ cluster2: makeUnreachable }), 'cluster2');

    expect(
      screen.getByRole('heading', { name: 'cluster2' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Down')).toBeInTheDocument();
    const alert = screen.getByRole('alert');
    expect(
      within(alert).getByText('Error: cluster2 could not be read'),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText('dial tcp 10.0.0.1:443: i/o timeout'),
    ).toBeVisible();
    expect(within(alert).getByText('Kind: unreachable')).toBeInTheDocument();
    expect(
      within(alert).getByText('While reading: GET configmaps/cilium-config'),
    ).toBeInTheDocument();

    expect(
      screen.getByText('Unknown while cluster2 cannot be read.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'cluster2 cannot be read: dial tcp 10.0.0.1:443: i/o timeout',
      ),
    ).toBeInTheDocument();
    expect(
      codeBlock('kubectl --context cluster2 get --raw /readyz'),
    ).toBeInTheDocument();
  });

  it('summarizes the Cilium of a healthy cluster', async () => {
    await renderCluster(seed(), 'cluster1');

    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const cilium = screen.getByRole('region', { name: 'Cilium' });
    expect(
      within(cilium)
        .getAllByRole('row')
        .map(row => row.textContent),
    ).toEqual(
      expect.arrayContaining([
        'Cilium version1.20.0',
        'Cluster ID1',
        'Agents3/3 ready, metrics on',
        'Routingtunnel (vxlan)',
        'Pod CIDRs10.1.0.0/16',
        'clustermesh-apiserver172.21.10.200:2379 (LoadBalancer), 1/1 ready, KVStoreMesh on',
        'Configured peerscluster2cluster3',
      ]),
    );
    expect(
      screen.getByText('No problems found for cluster1.'),
    ).toBeInTheDocument();
  });

  it('lists the parts that could not be read', async () => {
    await renderCluster(
      seed({
        cluster3: observation => {
          observation.warnings.push({
            source: 'metrics of pod cilium-cluster3-1',
            kind: 'timeout',
            message: 'context deadline exceeded',
          });
        },
      }),
      'cluster3',
    );

    const alert = screen.getByRole('alert');
    expect(
      within(alert).getByText('Warning: 1 part of cluster3 could not be read'),
    ).toBeInTheDocument();
    expect(
      within(alert).getByText(
        'metrics of pod cilium-cluster3-1: context deadline exceeded (timeout)',
      ),
    ).toBeInTheDocument();
  });
});
