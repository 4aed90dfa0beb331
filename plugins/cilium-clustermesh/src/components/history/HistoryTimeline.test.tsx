import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  ConnectionEvent,
  ConnectionState,
} from '@meshportal/plugin-cilium-clustermesh-common';
import { seed } from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { useState } from 'react';
import {
  MeshFixtureOptions,
  meshFixture,
} from '../../__testUtils__/meshFixtures';
import {
  mockClusterMeshBackend,
  TEST_BACKEND_URL,
} from '../../__testUtils__/mswBackend';
import { renderWithClient } from '../../__testUtils__/testApis';
import { HistoryTimeline } from './HistoryTimeline';
import { HISTORY_PAGE_SIZE } from './useHistoryPages';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const HISTORY: MeshFixtureOptions['history'] = [
  {
    from: 'cluster1',
    to: 'cluster2',
    state: 'connected',
    at: '2026-06-01T10:00:00.000Z',
  },
  {
    from: 'cluster3',
    to: 'cluster1',
    state: 'disconnected',
    previousState: 'connected',
    detail: '0/3 agents, 0/1 KVStoreMesh ready',
    at: '2026-06-01T11:59:00.000Z',
  },
  {
    from: 'cluster3',
    to: 'cluster1',
    state: 'degraded',
    previousState: 'disconnected',
    at: '2026-06-01T11:30:00.000Z',
  },
];

function serve(history: MeshFixtureOptions['history'], options = {}) {
  server.use(
    ...mockClusterMeshBackend(
      { 'lab-mesh': meshFixture('lab-mesh', seed(), { history }) },
      options,
    ),
  );
}

function entryNames(): (string | null)[] {
  return within(screen.getByRole('list', { name: 'Connection history' }))
    .getAllByRole('listitem')
    .map(item => item.getAttribute('aria-label'));
}

/** `count` events with ids `newestId` down, newest first, as the backend pages them. */
function events(newestId: number, count: number): ConnectionEvent[] {
  const states: ConnectionState[] = ['connected', 'disconnected'];
  return Array.from({ length: count }, (_, i) => {
    const id = newestId - i;
    return {
      id,
      mesh: 'lab-mesh',
      from: 'cluster3',
      to: `cluster${id}`,
      state: states[id % 2],
      previousState: states[(id + 1) % 2],
      at: new Date(Date.UTC(2026, 5, 1) + id * 60_000).toISOString(),
    };
  });
}

describe('HistoryTimeline', () => {
  it('lists the changes newest first, in words, with time and detail', async () => {
    serve(HISTORY);
    await renderWithClient(<HistoryTimeline mesh="lab-mesh" />);
    await screen.findByRole('list', { name: 'Connection history' });
    expect(entryNames()).toEqual([
      'cluster3 → cluster1: Ready → Down',
      'cluster3 → cluster1: Down → Degraded',
      'cluster1 → cluster2: first seen Ready',
    ]);
    const [newest] = within(
      screen.getByRole('list', { name: 'Connection history' }),
    ).getAllByRole('listitem');
    expect(within(newest).getByText('cluster3 → cluster1:')).toBeVisible();
    expect(within(newest).getByText('Ready →')).toBeVisible();
    expect(within(newest).getByText('Down')).toBeVisible();
    expect(
      within(newest).getByText('1 Jun 2026, 11:59:00 UTC'),
    ).toHaveAttribute('datetime', '2026-06-01T11:59:00.000Z');
    expect(
      within(newest).getByText('0/3 agents, 0/1 KVStoreMesh ready'),
    ).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Load older' }),
    ).not.toBeInTheDocument();
  });

  it('says when nothing was recorded yet', async () => {
    serve([]);
    await renderWithClient(<HistoryTimeline mesh="lab-mesh" />);
    expect(
      await screen.findByText('No connection changes recorded yet'),
    ).toBeVisible();
  });

  it('shows only the connections from the focused cluster', async () => {
    serve(HISTORY);
    await renderWithClient(
      <HistoryTimeline mesh="lab-mesh" focus="cluster1" />,
    );
    await screen.findByRole('list', { name: 'Connection history' });
    expect(entryNames()).toEqual(['cluster1 → cluster2: first seen Ready']);
    expect(screen.getByText('Connections from cluster1 only')).toBeVisible();
  });

  it('appends older pages with before: nextBefore until there are none', async () => {
    const requests: string[] = [];
    server.use(
      http.get(`${TEST_BACKEND_URL}/meshes/:mesh/history`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url.search);
        const before = url.searchParams.get('before');
        if (!before) {
          return HttpResponse.json({
            items: events(120, HISTORY_PAGE_SIZE),
            nextBefore: 71,
          });
        }
        if (before === '71') {
          return HttpResponse.json({
            items: events(70, HISTORY_PAGE_SIZE),
            nextBefore: 21,
          });
        }
        return HttpResponse.json({ items: events(20, 20) });
      }),
    );
    await renderWithClient(
      <HistoryTimeline mesh="lab-mesh" focus="cluster3" />,
    );
    await screen.findByRole('list', { name: 'Connection history' });
    expect(entryNames()).toHaveLength(50);

    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(entryNames()).toHaveLength(100));
    expect(entryNames()[50]).toBe('cluster3 → cluster70: Down → Ready');

    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(entryNames()).toHaveLength(120));
    expect(entryNames().at(-1)).toBe('cluster3 → cluster1: Ready → Down');
    expect(
      screen.queryByRole('button', { name: 'Load older' }),
    ).not.toBeInTheDocument();
    expect(requests).toEqual([
      '?limit=50&from=cluster3',
      '?limit=50&from=cluster3&before=71',
      '?limit=50&from=cluster3&before=21',
    ]);
  });

  it('keeps what it has and says why when an older page fails', async () => {
    server.use(
      http.get(`${TEST_BACKEND_URL}/meshes/:mesh/history`, ({ request }) =>
        new URL(request.url).searchParams.get('before')
          ? HttpResponse.json(
              { error: { name: 'Error', message: 'database is gone' } },
              { status: 500 },
            )
          : HttpResponse.json({ items: events(60, 50), nextBefore: 11 }),
      ),
    );
    await renderWithClient(<HistoryTimeline mesh="lab-mesh" />);
    await screen.findByRole('list', { name: 'Connection history' });
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Could not load older changes.*database is gone/,
    );
    expect(entryNames()).toHaveLength(50);
    expect(screen.getByRole('button', { name: 'Load older' })).toBeEnabled();
  });

  it('reloads the newest changes when the refresh key changes', async () => {
    serve(HISTORY.slice(0, 1));
    function Refreshing() {
      const [key, setKey] = useState(0);
      return (
        <>
          <button onClick={() => setKey(k => k + 1)}>Refresh</button>
          <HistoryTimeline mesh="lab-mesh" refreshKey={key} />
        </>
      );
    }
    await renderWithClient(<Refreshing />);
    await screen.findByRole('list', { name: 'Connection history' });
    expect(entryNames()).toEqual(['cluster1 → cluster2: first seen Ready']);

    serve(HISTORY);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(entryNames()).toHaveLength(3));
    expect(entryNames()[0]).toBe('cluster3 → cluster1: Ready → Down');
  });

  it('shows the refusal without the read permission', async () => {
    serve(HISTORY, { forbidden: true });
    await renderWithClient(<HistoryTimeline mesh="lab-mesh" />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Missing permission cilium-clustermesh\.mesh\.read/,
    );
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });
});
