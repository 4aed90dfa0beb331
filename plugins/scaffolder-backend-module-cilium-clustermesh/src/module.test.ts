import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleCiliumClusterMesh } from './module';

// Backends and lab clusters start slowly on a loaded 2-core machine (CI runs suites in parallel).
jest.setTimeout(60_000);

function preflightTemplate() {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'preflight-only' },
    spec: {
      type: 'service',
      parameters: [],
      steps: [
        {
          id: 'preflight',
          name: 'Preflight',
          action: 'cilium:mesh:preflight',
          input: {
            clusters: [
              { name: 'aks-1', id: 1, podCidr: '10.1.0.0/16' },
              { name: 'Aks_2', id: 2, podCidr: '10.2.0.0/16' },
            ],
          },
        },
      ],
    },
  };
}

describe('scaffolder module cilium-clustermesh in a real scaffolder', () => {
  async function start() {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleCiliumClusterMesh,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    return server;
  }

  it('lists the preflight action with its schema', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/scaffolder/v2/actions')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    const preflight = response.body.find(
      (action: { id: string }) => action.id === 'cilium:mesh:preflight',
    );
    expect(preflight.schema.input.properties.clusters.type).toBe('array');
    expect(preflight.examples[0].example).toContain('cilium:mesh:preflight');
  });

  it('refuses a bad layout in a dry run, naming the field, rule and fix', async () => {
    const server = await start();
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: preflightTemplate(),
        values: {},
        directoryContents: [],
      });
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(
      'clusters[1].name: a Cilium cluster name uses only lowercase',
    );
    expect(response.body.error.message).toContain('Fix: use "aks-2"');
    // maxConnectedClusters was left out: the documented default applies.
    expect(response.body.error.message).not.toContain('maxConnectedClusters');
  });

  it('dry-runs the repository template with the values its form starts from', async () => {
    const packageRoot = path.dirname(
      require.resolve(
        '@meshportal/plugin-scaffolder-backend-module-cilium-clustermesh/package.json',
      ),
    );
    const template = parse(
      readFileSync(
        path.resolve(
          packageRoot,
          '../../templates/clustermesh-preflight/template.yaml',
        ),
        'utf8',
      ),
    );
    const fields = template.spec.parameters[0].properties;
    const server = await start();
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template,
        values: {
          maxConnectedClusters: fields.maxConnectedClusters.default,
          clusters: fields.clusters.default,
        },
        directoryContents: [],
      });
    expect(response.status).toBe(200);
    expect(response.body.output.text).toEqual([
      { title: 'Layout accepted', content: 'Clusters: aks-1, aks-2' },
    ]);
  });
});
