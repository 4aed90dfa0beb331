// The dev portal end to end: real backend, real app, real Chromium.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  APP_URL,
  CHROMIUM,
  launchChromium,
  BACKEND_URL,
  guestToken,
  repoRoot,
  startPortal,
} from './portal.mjs';

const artifacts = path.join(repoRoot, 'test-results', 'e2e');
const missingChromium = existsSync(CHROMIUM)
  ? false
  : `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y --no-install-recommends chromium" (CI does)`;

/** The entity page's tabs are links in its content navigation. */
function entityTab(page, name) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true });
}

/** Opens an entity page, reloading until the catalog has the entity. */
async function openWhenCataloged(page, url) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(url);
    const found = await entityTab(page, 'ClusterMesh')
      .waitFor({ timeout: 15_000 })
      .then(
        () => true,
        () => false,
      );
    if (found) return;
    if (Date.now() > deadline)
      throw new Error(`${url} never showed its ClusterMesh tab`);
    await sleep(3_000);
  }
}

/** The accessible name of the graph's edge from → to, which states its condition in words. */
async function edgeLabel(page, from, to) {
  const edge = page.getByRole('button', {
    name: new RegExp(`^${from} to ${to}:`),
  });
  await edge.first().waitFor({ timeout: 60_000 });
  return edge.first().getAttribute('aria-label');
}

/** Switches a fault of the running lab through its control API (see test/lab/README.md). */
async function labFault(name, args) {
  const { control } = JSON.parse(
    readFileSync(path.join(repoRoot, '.lab', 'lab.json'), 'utf8'),
  );
  const response = await fetch(`${control.url}/faults/${name}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${control.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(args),
  });
  assert.equal(response.status, 200, await response.text());
}

/** Signs in through the app's own sign-in page and waits until the catalog shows. */
async function signInAsGuest(page) {
  await page.goto(APP_URL);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByText('Platform Catalog').waitFor({ timeout: 60_000 });
}

describe('dev portal', { skip: missingChromium }, () => {
  let stopPortal;
  let browser;

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    stopPortal = await startPortal({
      logFile: path.join(artifacts, 'portal.log'),
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stopPortal?.();
  });

  it('answers /api/cilium-clustermesh/health for a guest and refuses anonymous calls', async () => {
    const url = `${BACKEND_URL}/api/cilium-clustermesh/health`;
    const anonymous = await fetch(url);
    assert.equal(anonymous.status, 401);
    const signedIn = await fetch(url, {
      headers: { Authorization: `Bearer ${await guestToken()}` },
    });
    assert.equal(signedIn.status, 200);
    assert.deepEqual(await signedIn.json(), { status: 'ok' });
  });

  it("serves the lab mesh's status as the backend reads it from the lab's clusters", async () => {
    const response = await fetch(
      `${BACKEND_URL}/api/cilium-clustermesh/meshes/lab-mesh`,
      { headers: { Authorization: `Bearer ${await guestToken()}` } },
    );
    assert.equal(response.status, 200);
    const mesh = await response.json();
    assert.equal(mesh.health, 'healthy');
    assert.deepEqual(
      mesh.clusters.map(cluster => [cluster.name, cluster.cilium?.clusterId]),
      [
        ['cluster1', 1],
        ['cluster2', 2],
        ['cluster3', 3],
      ],
    );
    assert.equal(mesh.connectionCounts.connected, 6);
    assert.deepEqual(mesh.unhealthyConnections, []);
  });

  it('runs the lab with the portal: ARM answers on loopback over TLS and wants a token', async () => {
    const ready = JSON.parse(
      readFileSync(path.join(repoRoot, '.lab', 'lab.json'), 'utf8'),
    );
    const endpoint = new URL(ready.resourceManagerEndpoint);
    assert.match(endpoint.hostname, /^127\./);
    const ca = readFileSync(path.join(repoRoot, '.lab', 'arm-ca.pem'));
    const status = await new Promise((resolve, reject) => {
      https
        .get(
          `${endpoint.origin}/subscriptions?api-version=2022-12-01`,
          { ca },
          response => {
            response.resume();
            resolve(response.statusCode);
          },
        )
        .on('error', reject);
    });
    assert.equal(status, 401);
  });

  it('signs in as guest and lists the templates in the catalog', async () => {
    const page = await browser.newPage();
    try {
      await signInAsGuest(page);
      await page.goto(
        `${APP_URL}/?filters%5Bkind%5D=template&filters%5Buser%5D=all`,
      );
      const template = page.getByRole('link', {
        name: 'Check a Cilium ClusterMesh layout',
      });
      await template.waitFor({ timeout: 60_000 });
      await page.screenshot({
        path: path.join(artifacts, 'catalog-templates.png'),
        fullPage: true,
      });
      assert.equal(await template.count(), 1);
    } catch (error) {
      await page.screenshot({
        path: path.join(artifacts, 'failure-catalog.png'),
        fullPage: true,
      });
      throw error;
    } finally {
      await page.close();
    }
  });

  it('runs the template from the scaffolder UI and shows its output', async () => {
    const page = await browser.newPage();
    try {
      await signInAsGuest(page);
      // Several templates are listed; open this one by its address.
      await page.goto(
        `${APP_URL}/create/templates/default/cilium-clustermesh-preflight`,
      );
      await page
        .getByText('Maximum connected clusters')
        .first()
        .waitFor({ timeout: 60_000 });
      await page.screenshot({
        path: path.join(artifacts, 'template-form.png'),
        fullPage: true,
      });
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();
      await page
        .getByText('Clusters: aks-1, aks-2')
        .first()
        .waitFor({ timeout: 60_000 });
      await page.screenshot({
        path: path.join(artifacts, 'template-run.png'),
        fullPage: true,
      });
      assert.equal((await page.getByText('Layout accepted').count()) > 0, true);
    } catch (error) {
      await page.screenshot({
        path: path.join(artifacts, 'failure-template-run.png'),
        fullPage: true,
      });
      throw error;
    } finally {
      await page.close();
    }
  });

  it('shows the mesh tab, a broken link with its problem and history, the global-service card and the admin page', async () => {
    const page = await browser.newPage({
      viewport: { width: 1600, height: 1200 },
    });
    const shot = name =>
      page.screenshot({
        path: path.join(artifacts, `${name}.png`),
        fullPage: true,
      });
    try {
      await signInAsGuest(page);
      // The entity provider reads the mesh from the backend a few seconds after start.
      await openWhenCataloged(
        page,
        `${APP_URL}/catalog/default/resource/lab-mesh/clustermesh`,
      );
      await page
        .getByText('3 clusters (3 healthy)')
        .waitFor({ timeout: 60_000 });
      await page.getByText('6 links: 6 Ready').waitFor({ timeout: 60_000 });
      for (const [from, to] of [
        ['cluster1', 'cluster2'],
        ['cluster1', 'cluster3'],
        ['cluster2', 'cluster1'],
        ['cluster2', 'cluster3'],
        ['cluster3', 'cluster1'],
        ['cluster3', 'cluster2'],
      ]) {
        assert.match(await edgeLabel(page, from, to), /Ready/);
      }
      await page
        .getByText('clients in cluster2 → cluster3', { exact: false })
        .first()
        .waitFor();
      await shot('mesh-tab-healthy');

      // The lab names clusters as ARM does: cluster1 is aks-ciliumlab, cluster3 aks-ciliumlab3.
      await labFault('partition', {
        from: 'aks-ciliumlab3',
        to: 'aks-ciliumlab',
      });
      try {
        // Refreshes are rate-limited per mesh; retry until the lab's change has propagated.
        const deadline = Date.now() + 90_000;
        for (;;) {
          await page.getByRole('button', { name: /^Refresh/ }).click();
          await page
            .getByRole('button', { name: 'Refresh' })
            .waitFor({ timeout: 30_000 });
          if (!/Ready/.test(await edgeLabel(page, 'cluster3', 'cluster1')))
            break;
          if (Date.now() > deadline)
            throw new Error(
              'cluster3 → cluster1 stayed Ready after the partition',
            );
          await sleep(11_000);
        }
        assert.match(
          await edgeLabel(page, 'cluster3', 'cluster1'),
          /Down|Degraded/,
        );
        assert.match(await edgeLabel(page, 'cluster1', 'cluster3'), /Ready/);
        // The problem's title: "cluster3 → cluster1: agents 0/3 ready, …".
        await page
          .getByText(/^cluster3 → cluster1: /)
          .first()
          .waitFor();
        const history = page.getByRole('list', { name: 'Connection history' });
        await history
          .getByText('cluster3 → cluster1')
          .first()
          .waitFor({ timeout: 30_000 });
        await shot('mesh-tab-partitioned');
      } finally {
        await labFault('heal', {});
      }

      await page.goto(
        `${APP_URL}/catalog/default/component/aks-helloworld-one`,
      );
      await page
        .getByText('meshtest/aks-helloworld-one in lab-mesh')
        .waitFor({ timeout: 60_000 });
      await page
        .getByText('clients in cluster2 → cluster3', { exact: false })
        .first()
        .waitFor();
      await shot('global-service-card');

      await page.goto(`${APP_URL}/cilium-clustermesh`);
      const row = page.locator('tbody tr').filter({ hasText: 'lab-mesh' });
      await row.waitFor({ timeout: 60_000 });
      // The partition above was healed, but the page shows the last read.
      assert.match(await row.innerText(), /\d\/3 healthy[\s\S]*\d\/6 ready/);
      assert.equal(
        await row.getByRole('link', { name: 'Lab mesh' }).getAttribute('href'),
        '/catalog/default/resource/lab-mesh',
      );
      assert.equal(
        await page
          .locator('a', { hasText: /join a cluster/i })
          .first()
          .getAttribute('href'),
        '/create/templates/default/cilium-clustermesh-join',
      );
      await shot('admin-page');

      // Entities outside any mesh get no tab.
      await page.goto(
        `${APP_URL}/catalog/default/template/cilium-clustermesh-preflight`,
      );
      await page
        .getByText('Check a Cilium ClusterMesh layout')
        .first()
        .waitFor({ timeout: 60_000 });
      await entityTab(page, 'Overview').waitFor();
      assert.equal(await entityTab(page, 'ClusterMesh').count(), 0);
    } catch (error) {
      await shot('failure-mesh-tab');
      throw error;
    } finally {
      await page.close();
    }
  });
});
