import { renderInTestApp } from '@backstage/test-utils';
import type { ServiceRouting } from '@meshportal/plugin-cilium-clustermesh-common';
import { screen, within } from '@testing-library/react';
import { RoutingPreview } from './RoutingPreview';

const routing: ServiceRouting[] = [
  {
    from: 'cluster1',
    servedBy: [],
    reason:
      'Affinity local, but no cluster has ready backends to serve cluster1.',
  },
  {
    from: 'cluster2',
    servedBy: [
      { cluster: 'cluster1', backends: 1, linkReady: true },
      { cluster: 'cluster3', backends: 2, linkReady: false },
    ],
    reason: "Affinity remote: clients use the other clusters' backends.",
  },
  {
    from: 'cluster3',
    servedBy: [{ cluster: 'cluster3', backends: 2 }],
    reason: 'No affinity, but no other cluster exports ready backends.',
  },
];

describe('RoutingPreview', () => {
  it("says where each cluster's clients go, and why", async () => {
    await renderInTestApp(
      <RoutingPreview routing={routing} label="meshtest/web" />,
    );
    const list = screen.getByRole('list', { name: 'Routing of meshtest/web' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'clients in cluster1 → no backendsAffinity local, but no cluster has ready backends to serve cluster1.',
      "clients in cluster2 → cluster1 (1 backend), cluster3 (2 backends) (link not ready)Affinity remote: clients use the other clusters' backends.",
      'clients in cluster3 → cluster3 (2 backends)No affinity, but no other cluster exports ready backends.',
    ]);
  });

  it('shortens to the first routes without reasons', async () => {
    await renderInTestApp(
      <RoutingPreview routing={routing} showReasons={false} limit={2} />,
    );
    const items = within(
      screen.getByRole('list', { name: 'Routing' }),
    ).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'clients in cluster1 → no backends',
      'clients in cluster2 → cluster1 (1 backend), cluster3 (2 backends) (link not ready)',
      'and 1 more cluster',
    ]);
  });

  it('says when no cluster has the Service', async () => {
    await renderInTestApp(<RoutingPreview routing={[]} />);
    expect(
      screen.getByText(
        'No cluster has this Service, so no clients are routed to it.',
      ),
    ).toBeInTheDocument();
  });
});
