import type { Entity } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/catalog-client';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  makeUnreachable,
  seed,
} from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { fireEvent, screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import type { ReactNode } from 'react';
import { clusterMeshApiRef } from '../../api/ClusterMeshApi';
import { meshFixture, MeshFixture } from '../../__testUtils__/meshFixtures';
import { mockClusterMeshBackend } from '../../__testUtils__/mswBackend';
import { testClient } from '../../__testUtils__/testApis';
import { rootRouteRef } from '../../routes';
import { clusterEntity, meshEntity } from '../../testEntities';
import { ClusterMeshAdminContent } from './ClusterMeshAdminContent';
import { ClusterMeshAdminPage } from './ClusterMeshAdminPage';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const CREATE_PATH = '/create/templates/default/cilium-clustermesh-aks';
const JOIN_PATH = '/create/templates/default/cilium-clustermesh-join';

/** Two meshes: lab-mesh healthy with a recorded change, zone-mesh with cluster2 unreachable and no history. */
function twoMeshes(): Record<string, MeshFixture> {
  return {
    'lab-mesh': meshFixture('lab-mesh', seed(), {
      title: 'Lab mesh',
      history: [
        {
          from: 'cluster3',
          to: 'cluster1',
          state: 'connected',
          previousState: 'disconnected',
          at: '2026-06-01T11:58:00.000Z',
        },
        {
          from: 'cluster3',
          to: 'cluster1',
          state: 'disconnected',
          previousState: 'connected',
          at: '2026-06-01T11:50:00.000Z',
        },
      ],
    }),
    'zone-mesh': meshFixture('zone-mesh', seed({ cluster2: makeUnreachable }), {
      ageSeconds: 300,
    }),
  };
}

async function renderAdmin(
  options: {
    node?: ReactNode;
    catalogApi?: CatalogApi;
    entities?: Entity[];
  } = {},
) {
  // The cluster Resource carries the same annotation: only the mesh
  // Resource may be linked.
  const entities = options.entities ?? [clusterEntity, meshEntity];
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [clusterMeshApiRef, testClient()],
        [catalogApiRef, options.catalogApi ?? catalogApiMock({ entities })],
      ]}
    >
      {options.node ?? <ClusterMeshAdminContent />}
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/cilium-clustermesh': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

function headers(): string[] {
  return screen
    .getAllByRole('columnheader')
    .map(header => header.textContent ?? '');
}

/** Body rows as cell texts; material-table adds no other rows with several cells. */
function bodyRows(): string[][] {
  return screen
    .getAllByRole('row')
    .map(row => within(row).queryAllByRole('cell'))
    .filter(cells => cells.length > 1)
    .map(cells => cells.map(cell => cell.textContent ?? ''));
}

const meshNames = () => bodyRows().map(cells => cells[0]);

describe('ClusterMeshAdminContent', () => {
  it('lists every mesh with health, problems, clusters, links, age, last change and source', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes()));
    await renderAdmin();

    expect(await screen.findByText('Meshes (2)')).toBeInTheDocument();
    expect(headers()).toEqual([
      'Mesh',
      'Health',
      'Problems',
      'Clusters',
      'Links',
      'Data age',
      'Last change',
      'Source',
    ]);
    const [lab, zone] = bodyRows();
    expect(lab).toEqual([
      'Lab meshlab-mesh',
      'Healthy',
      'None',
      '3/3 healthy',
      '6/6 ready',
      '12 s',
      '1 Jun 2026, 11:58:00 UTC',
      'app-config',
    ]);
    // cluster2's own two links are unknown; it is one error.
    expect(zone).toEqual([
      'zone-mesh',
      'Degraded',
      '1 error',
      '2/3 healthy',
      '4/6 ready',
      '5 min',
      'No changes recorded',
      'app-config',
    ]);
  });

  it('links a mesh to its catalog entity, and leaves a mesh without one as text', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes()));
    await renderAdmin();

    const link = await screen.findByRole('link', { name: 'Lab mesh' });
    expect(link).toHaveAttribute('href', '/catalog/default/resource/lab-mesh');
    expect(link).toHaveTextContent('Lab mesh');
    expect(
      screen.queryByRole('link', { name: 'zone-mesh' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('zone-mesh')).toBeInTheDocument();
  });

  it('offers to create a mesh and to join a cluster', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes()));
    await renderAdmin();

    // Links styled as buttons: they navigate, so each has its address.
    expect(
      await screen.findByRole('button', { name: 'Create a mesh' }),
    ).toHaveAttribute('href', CREATE_PATH);
    expect(
      screen.getByRole('button', { name: 'Join a cluster' }),
    ).toHaveAttribute('href', JOIN_PATH);
  });

  it('puts the mesh that is not healthy first when sorted by health', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes()));
    await renderAdmin();
    await screen.findByText('Meshes (2)');
    expect(meshNames()).toEqual(['Lab meshlab-mesh', 'zone-mesh']);

    fireEvent.click(
      within(screen.getByRole('columnheader', { name: 'Health' })).getByText(
        'Health',
      ),
    );

    expect(meshNames()).toEqual(['zone-mesh', 'Lab meshlab-mesh']);
  });

  it('narrows the list by text and by health', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes()));
    await renderAdmin();
    await screen.findByText('Meshes (2)');

    fireEvent.change(screen.getByLabelText('Filter meshes'), {
      target: { value: 'ZONE' },
    });
    expect(meshNames()).toEqual(['zone-mesh']);
    expect(screen.getByText('Meshes (1 of 2)')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Filter meshes'), {
      target: { value: '' },
    });
    fireEvent.change(screen.getByLabelText('Health'), {
      target: { value: 'attention' },
    });
    expect(meshNames()).toEqual(['zone-mesh']);

    fireEvent.change(screen.getByLabelText('Health'), {
      target: { value: 'healthy' },
    });
    expect(meshNames()).toEqual(['Lab meshlab-mesh']);

    fireEvent.change(screen.getByLabelText('Filter meshes'), {
      target: { value: 'zone' },
    });
    expect(screen.getByText('No mesh matches the filter')).toBeInTheDocument();
  });

  it('shows an empty state with the template to create one when there is no mesh', async () => {
    server.use(...mockClusterMeshBackend({}));
    await renderAdmin();

    expect(await screen.findByText('No meshes yet')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // One in the header, one in the empty state.
    const creates = screen.getAllByRole('button', { name: 'Create a mesh' });
    expect(creates).toHaveLength(2);
    for (const create of creates) {
      expect(create).toHaveAttribute('href', CREATE_PATH);
    }
  });

  it('names the missing permission when the backend refuses', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes(), { forbidden: true }));
    await renderAdmin();

    expect(
      await screen.findByText(
        /Missing permission cilium-clustermesh\.mesh\.read/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('still lists the meshes, without links, when the catalog cannot be read', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes()));
    await renderAdmin({
      catalogApi: catalogApiMock.mock({
        getEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
      }),
    });

    expect(
      await screen.findByText(/Mesh names are not linked to the catalog/),
    ).toBeInTheDocument();
    expect(meshNames()).toEqual(['Lab meshlab-mesh', 'zone-mesh']);
    expect(
      screen.queryByRole('link', { name: /Lab mesh|zone-mesh/ }),
    ).not.toBeInTheDocument();
  });
});

describe('ClusterMeshAdminPage', () => {
  it('puts the meshes under the plugin header', async () => {
    server.use(...mockClusterMeshBackend(twoMeshes()));
    await renderAdmin({ node: <ClusterMeshAdminPage /> });

    expect(
      await screen.findByRole('heading', { name: 'Cilium ClusterMesh' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Every mesh the portal knows')).toBeInTheDocument();
    expect(await screen.findByText('Meshes (2)')).toBeInTheDocument();
  });
});
