import { renderInTestApp } from '@backstage/test-utils';
import type { MeshProblem } from '@meshportal/plugin-cilium-clustermesh-common';
import {
  makeUnreachable,
  markNotReady,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, within } from '@testing-library/react';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import { ProblemsPanel } from './ProblemsPanel';

jest.setTimeout(30_000);

/** cluster3 → cluster1 degraded (one agent) and cluster2 unreachable. */
function troubledProblems(): MeshProblem[] {
  return meshFixture(
    'lab-mesh',
    seed({
      cluster2: makeUnreachable,
      cluster3: (_, c) =>
        markNotReady(c.agentViews, 'cluster1', ['cilium-cluster3-0']),
    }),
  ).detail.problems;
}

const DEGRADED_TITLE = 'cluster3 → cluster1: 2/3 agents, 1/1 KVStoreMesh ready';
const UNREACHABLE_TITLE =
  'cluster2 cannot be read: dial tcp 10.0.0.1:443: i/o timeout';

function items(): HTMLElement[] {
  return screen.queryAllByRole('listitem');
}

function codeIn(item: HTMLElement): string | undefined {
  return item.querySelector('code')?.textContent ?? undefined;
}

describe('ProblemsPanel', () => {
  it('says so when the mesh has no problems', async () => {
    await renderInTestApp(
      <ProblemsPanel
        problems={meshFixture('lab-mesh', seed()).detail.problems}
      />,
    );
    expect(screen.getByText('No problems found')).toBeInTheDocument();
    expect(items()).toHaveLength(0);
  });

  it('lists the error before the warning, each with clusters, fix, command and docs', async () => {
    const problems = troubledProblems();
    expect(problems.map(p => p.severity)).toEqual(['error', 'warning']);
    // The panel must reorder, not rely on the backend's order.
    await renderInTestApp(
      <ProblemsPanel problems={[...problems].reverse()} title="Problems" />,
    );
    expect(screen.getByRole('heading', { name: 'Problems' })).toBeVisible();
    expect(screen.getByText('1 error, 1 warning')).toBeVisible();
    expect(items().map(item => item.getAttribute('aria-label'))).toEqual([
      UNREACHABLE_TITLE,
      DEGRADED_TITLE,
    ]);

    const [unreachable, degraded] = items();
    expect(within(unreachable).getByText('Error')).toBeVisible();
    expect(within(unreachable).getByText('Cluster: cluster2')).toBeVisible();
    expect(within(unreachable).getByText('How to fix:')).toBeVisible();
    expect(codeIn(unreachable)).toBe(
      'kubectl --context cluster2 get --raw /readyz',
    );
    const unreachableDocs = within(unreachable).getByRole('link', {
      name: /^Docs/,
    });
    expect(unreachableDocs.getAttribute('href')).toMatch(
      /^https:\/\/learn\.microsoft\.com\//,
    );
    expect(unreachableDocs).toHaveAttribute('target', '_blank');

    expect(within(degraded).getByText('Warning')).toBeVisible();
    expect(
      within(degraded).getByText('Clusters: cluster3, cluster1'),
    ).toBeVisible();
    expect(
      within(degraded).getByText(/^Only some observers in cluster3/),
    ).toBeVisible();
    expect(
      within(degraded).getByText(/^Run the troubleshooting command/),
    ).toBeVisible();
    expect(codeIn(degraded)).toBe(
      'kubectl --context cluster3 exec -n kube-system cilium-cluster3-0 -c cilium-agent -- cilium-dbg troubleshoot clustermesh cluster1',
    );
    expect(within(degraded).getByRole('button')).toBeInTheDocument();
    expect(
      within(degraded).getByRole('link', { name: /^Docs/ }),
    ).toHaveAttribute(
      'href',
      'https://docs.cilium.io/en/stable/operations/troubleshooting/#troubleshooting-clustermesh',
    );
  });

  it.each([
    ['cluster1', [DEGRADED_TITLE], '1 warning'],
    ['cluster2', [UNREACHABLE_TITLE], '1 error'],
    ['cluster3', [DEGRADED_TITLE], '1 warning'],
  ])('with focus %s shows only its problems', async (focus, titles, counts) => {
    await renderInTestApp(
      <ProblemsPanel problems={troubledProblems()} focus={focus} />,
    );
    expect(items().map(item => item.getAttribute('aria-label'))).toEqual(
      titles,
    );
    expect(screen.getByText(counts)).toBeVisible();
  });

  it('says no problems when none involve the focused cluster', async () => {
    const problems = meshFixture(
      'lab-mesh',
      seed({ cluster2: makeUnreachable }),
    ).detail.problems;
    await renderInTestApp(
      <ProblemsPanel problems={problems} focus="cluster1" />,
    );
    expect(screen.getByText('No problems found')).toBeVisible();
  });

  it('shows a service when the problem is about one and no code block without a command', async () => {
    const problem: MeshProblem = {
      id: 'invalid-affinity:cluster1:meshtest/web',
      code: 'invalid-affinity',
      severity: 'info',
      clusters: ['cluster1'],
      service: 'meshtest/web',
      title: 'meshtest/web has an invalid affinity in cluster1',
      explanation: 'Cilium ignores it.',
      remediation: 'Use local, remote or none.',
    };
    await renderInTestApp(<ProblemsPanel problems={[problem]} />);
    const [item] = items();
    expect(
      within(item).getByText('Cluster: cluster1 · Service: meshtest/web'),
    ).toBeVisible();
    expect(codeIn(item)).toBeUndefined();
    expect(within(item).getByText('Info')).toBeVisible();
    expect(screen.getByText('1 info')).toBeVisible();
    expect(within(item).getByRole('link', { name: /^Docs/ })).toHaveAttribute(
      'href',
      'https://docs.cilium.io/en/stable/network/clustermesh/services/',
    );
  });

  it('shows the first 50 of a severity until asked for all', async () => {
    const [error, warning] = troubledProblems();
    const warnings = Array.from({ length: 60 }, (_, i) => ({
      ...warning,
      id: `${warning.id}:${i}`,
      title: `warning ${i}`,
    }));
    await renderInTestApp(<ProblemsPanel problems={[...warnings, error]} />);
    expect(screen.getByText('1 error, 60 warnings')).toBeVisible();
    expect(items()).toHaveLength(51);
    expect(items()[0]).toHaveAccessibleName(UNREACHABLE_TITLE);
    expect(items()[50]).toHaveAccessibleName('warning 49');

    fireEvent.click(
      screen.getByRole('button', { name: 'Show all 60 warnings' }),
    );
    expect(items()).toHaveLength(61);
    expect(items()[60]).toHaveAccessibleName('warning 59');
    expect(
      screen.queryByRole('button', { name: /^Show all/ }),
    ).not.toBeInTheDocument();
  });
});
