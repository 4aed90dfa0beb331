import { renderInTestApp } from '@backstage/test-utils';
import type { ClusterObservation } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  forgetPeer,
  largeMesh,
  makeUnreachable,
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, within } from '@testing-library/react';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import type { MeshSelection } from '../mesh/selection';
import { ConnectionMatrix } from './ConnectionMatrix';
import { CELL_HEIGHT, CELL_WIDTH } from './styles';

jest.setTimeout(60_000);

async function renderMatrix(
  observations: ClusterObservation[],
  selected?: MeshSelection,
) {
  const fixture = meshFixture('lab-mesh', observations);
  const onSelect = jest.fn();
  await renderInTestApp(
    <ConnectionMatrix
      clusters={fixture.detail.clusters.map(c => c.name)}
      connections={fixture.connections}
      selected={selected}
      onSelect={onSelect}
    />,
  );
  return { onSelect, fixture };
}

function cell(from: string, to: string) {
  return screen.getByRole('button', {
    name: new RegExp(`^${from} to ${to}:`),
  });
}

const directions = [
  ['cluster1', 'cluster2'],
  ['cluster1', 'cluster3'],
  ['cluster2', 'cluster1'],
  ['cluster2', 'cluster3'],
  ['cluster3', 'cluster1'],
  ['cluster3', 'cluster2'],
];

describe('ConnectionMatrix', () => {
  it('shows the healthy seed as a table: six Ready cells and three self cells', async () => {
    await renderMatrix(seed());

    const table = screen.getByRole('table', {
      name: 'Connections: rows are the source cluster (how it sees the target), columns the target',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(header => header.textContent),
    ).toEqual(['Source \\ target', 'cluster1', 'cluster2', 'cluster3']);
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map(header => header.textContent),
    ).toEqual(['cluster1', 'cluster2', 'cluster3']);

    for (const [from, to] of directions) {
      const button = cell(from, to);
      expect(button).toHaveAccessibleName(
        `${from} to ${to}: Ready, agents 3/3 ready, KVStoreMesh 1/1 ready`,
      );
      expect(button).toHaveTextContent('✓Readyagents 3/3KVStoreMesh 1/1');
      expect(button).toHaveAttribute('aria-pressed', 'false');
    }
    expect(within(table).getAllByRole('button')).toHaveLength(6);
    expect(within(table).getAllByText('—')).toHaveLength(3);
    for (const cluster of ['cluster1', 'cluster2', 'cluster3']) {
      expect(
        within(table).getByText(`${cluster} to itself`),
      ).toBeInTheDocument();
    }
    expect(within(table).queryByText('No link')).not.toBeInTheDocument();
  });

  it('shows the degraded direction with its agent count', async () => {
    await renderMatrix(
      seed({
        cluster3: (_, c) =>
          markNotReady(c.agentViews, 'cluster1', ['cilium-cluster3-0']),
      }),
    );

    const degraded = cell('cluster3', 'cluster1');
    expect(degraded).toHaveAccessibleName(
      'cluster3 to cluster1: Degraded, agents 2/3 ready, KVStoreMesh 1/1 ready',
    );
    expect(within(degraded).getByText('!')).toBeInTheDocument();
    expect(within(degraded).getByText('Degraded')).toBeInTheDocument();
    expect(within(degraded).getByText('agents 2/3')).toBeInTheDocument();
    expect(cell('cluster1', 'cluster3')).toHaveAccessibleName(
      'cluster1 to cluster3: Ready, agents 3/3 ready, KVStoreMesh 1/1 ready',
    );
  });

  it('shows the forgotten direction of a one-way link as Not configured', async () => {
    const { fixture } = await renderMatrix(
      seed({ cluster3: (_, c) => forgetPeer(c, 'cluster1') }),
    );
    // cluster1 still names cluster3, so the model keeps cluster3 → cluster1, unconfigured.
    expect(
      fixture.connections.find(
        c => c.from === 'cluster3' && c.to === 'cluster1',
      ),
    ).toMatchObject({ state: 'unconfigured', configured: false });

    expect(cell('cluster3', 'cluster1')).toHaveAccessibleName(
      'cluster3 to cluster1: Not configured, agents 0/3 ready, KVStoreMesh 0/1 ready',
    );
    expect(cell('cluster3', 'cluster1')).toHaveTextContent('–Not configured');
    expect(cell('cluster1', 'cluster3')).toHaveAccessibleName(
      'cluster1 to cluster3: Ready, agents 3/3 ready, KVStoreMesh 1/1 ready',
    );
    expect(
      within(screen.getByRole('table')).queryByText('No link'),
    ).not.toBeInTheDocument();
  });

  it('shows No link, not a button, where neither cluster configures the other', async () => {
    const { fixture, onSelect } = await renderMatrix(
      seed({
        cluster1: (_, c) => forgetPeer(c, 'cluster3'),
        cluster3: (_, c) => forgetPeer(c, 'cluster1'),
      }),
    );
    expect(
      fixture.connections.filter(
        c =>
          [c.from, c.to].includes('cluster1') &&
          [c.from, c.to].includes('cluster3'),
      ),
    ).toEqual([]);

    expect(
      within(screen.getByRole('table')).getAllByText('No link'),
    ).toHaveLength(2);
    const noLink = screen.getByText('cluster1 to cluster3: No link');
    expect(noLink.closest('button')).toBeNull();
    expect(
      screen.queryByRole('button', { name: /^cluster1 to cluster3:/ }),
    ).not.toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: / to / })).toHaveLength(4);
    fireEvent.click(noLink);
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('shows the row of an unreachable cluster as Unknown, without counts', async () => {
    await renderMatrix(seed({ cluster2: makeUnreachable }));

    const row = screen
      .getAllByRole('row')
      .find(r => within(r).queryByRole('rowheader', { name: 'cluster2' }))!;
    const buttons = within(row).getAllByRole('button');
    expect(buttons.map(b => b.getAttribute('aria-label'))).toEqual([
      'cluster2 to cluster1: Unknown',
      'cluster2 to cluster3: Unknown',
    ]);
    expect(buttons[0]).toHaveTextContent(/^\?Unknown$/);
    expect(cell('cluster1', 'cluster2')).toHaveAccessibleName(
      'cluster1 to cluster2: Ready, agents 3/3 ready, KVStoreMesh 1/1 ready',
    );
  });

  it('selects a direction on click and marks the selected cell', async () => {
    const { onSelect } = await renderMatrix(seed(), {
      kind: 'connection',
      from: 'cluster2',
      to: 'cluster3',
    });

    expect(cell('cluster2', 'cluster3')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(cell('cluster3', 'cluster2')).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    fireEvent.click(cell('cluster3', 'cluster1'));
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect).toHaveBeenCalledWith({
      kind: 'connection',
      from: 'cluster3',
      to: 'cluster1',
    });
  });

  it('explains glyphs and words in a legend', async () => {
    await renderMatrix(seed());
    const legend = screen.getByLabelText('Legend');
    expect(
      within(legend)
        .getAllByRole('term')
        .map(term => term.textContent),
    ).toEqual([
      '✓ Ready',
      '! Degraded',
      '✕ Down',
      '– Not configured',
      '? Unknown',
      'No link',
      '—',
      'agents k/N',
      'KVStoreMesh k/N',
    ]);
  });

  describe('above 24 clusters', () => {
    it('virtualizes 255 × 255 and filters source rows by name', async () => {
      const { onSelect } = await renderMatrix(largeMesh(255, 10));

      expect(screen.queryByRole('table')).not.toBeInTheDocument();
      expect(
        screen.getByRole('region', {
          name: 'Connections: rows are the source cluster (how it sees the target), columns the target',
        }),
      ).toBeInTheDocument();
      const rendered = screen.getAllByRole('button', { name: / to / });
      expect(rendered.length).toBeGreaterThan(10);
      expect(rendered.length).toBeLessThan(300);
      expect(cell('aks-002', 'aks-001')).toHaveAccessibleName(
        'aks-002 to aks-001: Ready, agents 3/3 ready, KVStoreMesh 1/1 ready',
      );
      expect(screen.getByText('aks-001 to itself')).toBeInTheDocument();
      // The headers are virtualized too: the first source and target are
      // drawn, the last ones only once the grid is scrolled to them.
      expect(screen.getAllByTitle('aks-001')).toHaveLength(2);
      expect(screen.queryAllByTitle('aks-255')).toHaveLength(0);
      expect(screen.getAllByTitle(/^aks-\d+$/).length).toBeLessThan(40);
      const grid = cell('aks-002', 'aks-001').closest<HTMLElement>(
        'div[style*="overflow: auto"]',
      )!;
      // jsdom lays nothing out; the grid clamps its scroll to these sizes.
      for (const [key, value] of Object.entries({
        scrollWidth: 255 * CELL_WIDTH,
        clientWidth: 800,
        scrollHeight: 255 * CELL_HEIGHT,
        clientHeight: 400,
      })) {
        Object.defineProperty(grid, key, { configurable: true, value });
      }
      grid.scrollLeft = 254 * CELL_WIDTH;
      grid.scrollTop = 254 * CELL_HEIGHT;
      fireEvent.scroll(grid);
      expect(await screen.findAllByTitle('aks-255')).toHaveLength(2);
      expect(screen.queryAllByTitle('aks-001')).toHaveLength(0);
      grid.scrollLeft = 0;
      grid.scrollTop = 0;
      fireEvent.scroll(grid);
      expect(await screen.findAllByTitle('aks-001')).toHaveLength(2);
      expect(
        screen.getByText('Showing 255 of 255 source clusters'),
      ).toBeInTheDocument();

      fireEvent.change(screen.getByLabelText('Filter source clusters'), {
        target: { value: 'aks-25' },
      });
      expect(
        screen.getByText('Showing 6 of 255 source clusters'),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /^aks-002 to / }),
      ).not.toBeInTheDocument();
      const sources = new Set(
        screen
          .getAllByRole('button', { name: / to / })
          .map(b => b.getAttribute('aria-label')!.split(' to ')[0]),
      );
      expect([...sources].every(s => /^aks-25\d$/.test(s))).toBe(true);
      expect(sources.size).toBe(6);
      // The source headers are the six that match.
      expect(
        screen.getAllByTitle(/^aks-25\d$/).map(header => header.title),
      ).toEqual([
        'aks-250',
        'aks-251',
        'aks-252',
        'aks-253',
        'aks-254',
        'aks-255',
      ]);

      fireEvent.click(cell('aks-250', 'aks-001'));
      expect(onSelect).toHaveBeenCalledWith({
        kind: 'connection',
        from: 'aks-250',
        to: 'aks-001',
      });

      fireEvent.change(screen.getByLabelText('Filter source clusters'), {
        target: { value: 'gke' },
      });
      expect(
        screen.getByText('No source cluster matches the filter.'),
      ).toBeInTheDocument();
    });

    it('shows only rows with problems when asked', async () => {
      const observations = largeMesh(30, 0);
      markNotReady(
        observations.find(o => o.cluster === 'aks-007')!.cilium!.agentViews,
        'aks-001',
      );
      await renderMatrix(observations, {
        kind: 'connection',
        from: 'aks-007',
        to: 'aks-001',
      });
      expect(cell('aks-007', 'aks-001')).toHaveAttribute(
        'aria-pressed',
        'true',
      );

      fireEvent.click(
        screen.getByRole('checkbox', { name: 'Only rows with problems' }),
      );
      expect(
        screen.getByText('Showing 1 of 30 source clusters'),
      ).toBeInTheDocument();
      const rendered = screen.getAllByRole('button', { name: / to / });
      expect(
        rendered.every(b =>
          b.getAttribute('aria-label')!.startsWith('aks-007 to '),
        ),
      ).toBe(true);
      expect(cell('aks-007', 'aks-001')).toHaveAccessibleName(
        'aks-007 to aks-001: Degraded, agents 0/3 ready, KVStoreMesh 1/1 ready',
      );
    });
  });
});
