import { mockApis, renderInTestApp } from '@backstage/test-utils';
import {
  largeMesh,
  makeUnreachable,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import { ClustersTable, CLUSTERS_PAGE_SIZE } from './ClustersTable';
import { clusterLinksFromConfig, NO_CLUSTER_LINKS } from './links';

jest.setTimeout(60_000);

function rowOf(cluster: string): HTMLElement {
  return screen.getByRole('button', { name: cluster }).closest('tr')!;
}

function cellTexts(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole('cell')
    .map(cell => cell.textContent ?? '');
}

function headers(): string[] {
  return screen
    .getAllByRole('columnheader')
    .map(header => header.textContent ?? '');
}

function bodyRowNames(): string[] {
  return screen
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('cell').length > 1)
    .map(row => within(row).getAllByRole('button')[0].textContent);
}

describe('ClustersTable', () => {
  it('shows the seed clusters with their Cilium setup in words', async () => {
    const { detail } = meshFixture('lab-mesh', seed());
    await renderInTestApp(
      <ClustersTable
        mesh="lab-mesh"
        clusters={detail.clusters}
        links={NO_CLUSTER_LINKS}
        onSelect={jest.fn()}
      />,
    );
    expect(screen.getByText('Clusters (3)')).toBeInTheDocument();
    expect(headers()).toEqual([
      'Cluster',
      'Health',
      'Cluster ID',
      'Cilium',
      'Agents',
      'Routing',
      'kube-proxy replacement',
      'Encryption',
      'Pod CIDRs',
      'clustermesh-apiserver',
    ]);
    expect(cellTexts(rowOf('cluster1'))).toEqual([
      'cluster1',
      'Healthy',
      '1',
      '1.20.0',
      '3/3 ready',
      'tunnel (vxlan)',
      'On',
      'Off',
      '10.1.0.0/16',
      '172.21.10.200:23791/1 ready, KVStoreMesh on',
    ]);
    expect(bodyRowNames()).toEqual(['cluster1', 'cluster2', 'cluster3']);
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /next page/i }),
    ).not.toBeInTheDocument();
  });

  it('says an unreachable cluster is down, why, and knows nothing else', async () => {
    const { detail } = meshFixture(
      'lab-mesh',
      seed({ cluster2: makeUnreachable }),
    );
    await renderInTestApp(
      <ClustersTable
        mesh="lab-mesh"
        clusters={detail.clusters}
        links={NO_CLUSTER_LINKS}
        onSelect={jest.fn()}
      />,
    );
    const [name, health, ...rest] = cellTexts(rowOf('cluster2'));
    expect(name).toBe('cluster2dial tcp 10.0.0.1:443: i/o timeout');
    expect(health).toBe('Down');
    expect(rest).toEqual(Array(8).fill('—'));
    expect(cellTexts(rowOf('cluster1'))[1]).toBe('Healthy');
  });

  it('marks the focused cluster in words, names a differing Cilium name, and selects on click', async () => {
    const { detail } = meshFixture(
      'lab-mesh',
      seed({
        cluster3: (_, c) => {
          c.config.clusterName = 'aks-weu-3';
        },
      }),
    );
    const onSelect = jest.fn();
    await renderInTestApp(
      <ClustersTable
        mesh="lab-mesh"
        clusters={detail.clusters}
        links={NO_CLUSTER_LINKS}
        focus="aks-weu-3"
        onSelect={onSelect}
      />,
    );
    expect(within(rowOf('cluster3')).getByText('This cluster')).toBeVisible();
    expect(
      within(rowOf('cluster3')).getByText('Cilium name: aks-weu-3'),
    ).toBeVisible();
    expect(within(rowOf('cluster1')).queryByText('This cluster')).toBeNull();
    expect(within(rowOf('cluster1')).queryByText(/Cilium name/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'cluster2' }));
    expect(onSelect).toHaveBeenCalledWith({
      kind: 'cluster',
      cluster: 'cluster2',
    });
  });

  it('adds Hubble UI and Azure portal links from config, opening in a new tab', async () => {
    const { detail } = meshFixture('lab-mesh', seed());
    const links = clusterLinksFromConfig(
      mockApis.config({
        data: {
          ciliumClusterMesh: {
            ui: {
              hubbleUiUrl: 'https://hubble.{cluster}.example.com/',
              azurePortalUrl:
                'https://portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/0000/resourceGroups/rg-{mesh}/providers/Microsoft.ContainerService/managedClusters/{cluster}/overview',
            },
          },
        },
      }),
    );
    await renderInTestApp(
      <ClustersTable
        mesh="lab-mesh"
        clusters={detail.clusters}
        links={links}
        onSelect={jest.fn()}
      />,
    );
    expect(headers().slice(-2)).toEqual(['Hubble UI', 'Azure portal']);
    const hubble = within(rowOf('cluster2')).getByRole('link', {
      name: 'Hubble UI of cluster2, Opens in a new window',
    });
    expect(hubble).toHaveAttribute(
      'href',
      'https://hubble.cluster2.example.com/',
    );
    expect(hubble).toHaveAttribute('target', '_blank');
    const portal = within(rowOf('cluster2')).getByRole('link', {
      name: 'Azure portal of cluster2, Opens in a new window',
    });
    expect(portal.getAttribute('href')).toContain(
      '/resourceGroups/rg-lab-mesh/providers/Microsoft.ContainerService/managedClusters/cluster2/overview',
    );
  });

  it('shows only the link column that yields a URL', async () => {
    const { detail } = meshFixture('lab-mesh', seed());
    await renderInTestApp(
      <ClustersTable
        mesh="lab-mesh"
        clusters={detail.clusters}
        links={{
          hubbleUi: (_, cluster) =>
            cluster === 'cluster1' ? 'https://hubble.example.com/' : undefined,
          azurePortal: () => undefined,
        }}
        onSelect={jest.fn()}
      />,
    );
    expect(headers()).toContain('Hubble UI');
    expect(headers()).not.toContain('Azure portal');
    expect(cellTexts(rowOf('cluster2')).at(-1)).toBe('—');
    expect(within(rowOf('cluster1')).getByRole('link')).toHaveTextContent(
      'Hubble UI',
    );
  });

  it('sorts by health with the worst first', async () => {
    const { detail } = meshFixture(
      'lab-mesh',
      seed({ cluster3: makeUnreachable }),
    );
    await renderInTestApp(
      <ClustersTable
        mesh="lab-mesh"
        clusters={detail.clusters}
        links={NO_CLUSTER_LINKS}
        onSelect={jest.fn()}
      />,
    );
    fireEvent.click(screen.getByText('Health'));
    expect(bodyRowNames()[0]).toBe('cluster3');
  });

  it('pages and searches 255 clusters', async () => {
    const { detail } = meshFixture('big-mesh', largeMesh(255, 0));
    await renderInTestApp(
      <ClustersTable
        mesh="big-mesh"
        clusters={detail.clusters}
        links={NO_CLUSTER_LINKS}
        onSelect={jest.fn()}
      />,
    );
    expect(bodyRowNames()).toHaveLength(CLUSTERS_PAGE_SIZE);
    expect(bodyRowNames()[0]).toBe('aks-001');
    fireEvent.click(screen.getAllByRole('button', { name: /next page/i })[0]);
    expect(bodyRowNames()[0]).toBe('aks-021');

    fireEvent.change(screen.getByRole('textbox'), {
      target: { value: 'aks-254' },
    });
    await waitFor(() => expect(bodyRowNames()).toEqual(['aks-254']), {
      timeout: 10_000,
    });
  });
});
