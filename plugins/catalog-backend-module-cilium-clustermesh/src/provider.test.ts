import { mockServices } from '@backstage/backend-test-utils';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { CiliumClusterMeshEntityProvider, MeshSource } from './provider';

function setup(readMeshes: MeshSource['readMeshes']) {
  const logger = mockServices.logger.mock();
  const connection: jest.Mocked<EntityProviderConnection> = {
    applyMutation: jest.fn(),
    refresh: jest.fn(),
  };
  const taskRunner = { run: jest.fn() };
  const provider = new CiliumClusterMeshEntityProvider({
    source: { readMeshes },
    logger,
    taskRunner,
    owner: 'group:default/platform',
  });
  return { provider, connection, logger, taskRunner };
}

describe('CiliumClusterMeshEntityProvider', () => {
  it('schedules its refresh under a stable task id', async () => {
    const { provider, connection, taskRunner } = setup(async () => []);
    await provider.connect(connection);
    expect(provider.getProviderName()).toBe('cilium-clustermesh');
    expect(taskRunner.run).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'cilium-clustermesh:refresh' }),
    );
  });

  it('applies a full mutation keyed by mesh location', async () => {
    const { provider, connection } = setup(async () => [
      { name: 'prod', clusters: [{ name: 'c1' }] },
    ]);
    await provider.connect(connection);
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        expect.objectContaining({ locationKey: 'cilium-clustermesh:prod' }),
        expect.objectContaining({ locationKey: 'cilium-clustermesh:prod' }),
      ],
    });
  });

  it('applies an empty full mutation when the backend knows no mesh', async () => {
    const { provider, connection } = setup(async () => []);
    await provider.connect(connection);
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [],
    });
  });

  it('keeps the previous entities when the backend fails', async () => {
    const { provider, connection, logger } = setup(async () => {
      throw new Error('503 Service Unavailable');
    });
    await provider.connect(connection);
    await expect(provider.refresh()).resolves.toBeUndefined();
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('503 Service Unavailable'),
    );
  });

  it('refuses to refresh before the catalog connects it', async () => {
    const { provider } = setup(async () => []);
    await expect(provider.refresh()).rejects.toThrow(/not connected/);
  });
});
