import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { EntityClusterMeshContent } from './components/EntityClusterMeshContent';
import { ciliumClusterMeshPlugin } from './plugin';
import { meshEntity, unrelatedEntity } from './testEntities';

describe('cilium-clustermesh legacy plugin', () => {
  it('has the shared plugin id', () => {
    expect(ciliumClusterMeshPlugin.getId()).toBe('cilium-clustermesh');
  });

  it('shows the mesh and the role of the mesh entity', async () => {
    await renderInTestApp(
      <EntityProvider entity={meshEntity}>
        <EntityClusterMeshContent />
      </EntityProvider>,
    );
    expect(await screen.findByText('Cilium ClusterMesh')).toBeInTheDocument();
    expect(screen.getByText('prod-mesh')).toBeInTheDocument();
    expect(screen.getByText('The mesh itself')).toBeInTheDocument();
  });

  it('tells which annotation is missing on other entities', async () => {
    await renderInTestApp(
      <EntityProvider entity={unrelatedEntity}>
        <EntityClusterMeshContent />
      </EntityProvider>,
    );
    expect(
      await screen.findAllByText('cilium.io/clustermesh', { exact: false }),
    ).not.toHaveLength(0);
  });
});
