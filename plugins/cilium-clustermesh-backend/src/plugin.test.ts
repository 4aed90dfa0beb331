import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { ciliumClusterMeshPlugin } from './plugin';

describe('cilium-clustermesh backend plugin', () => {
  async function start() {
    const { server } = await startTestBackend({
      features: [
        ciliumClusterMeshPlugin,
        // Requests without a token stay anonymous, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    return server;
  }

  it('answers /health for a signed-in user', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/cilium-clustermesh/health')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers /health for another backend plugin', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/cilium-clustermesh/health')
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
  });

  it('refuses anonymous callers', async () => {
    const server = await start();
    const response = await request(server).get(
      '/api/cilium-clustermesh/health',
    );
    expect(response.status).toBe(401);
  });

  it('registers its permissions with the permission framework', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/cilium-clustermesh/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    expect(response.body.permissions).toContainEqual({
      type: 'basic',
      name: 'cilium-clustermesh.mesh.read',
      attributes: { action: 'read' },
    });
  });
});
