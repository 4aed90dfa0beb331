import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { spec } from './openapi.generated';

describe('the OpenAPI spec', () => {
  it('is what openapi.yaml says (run `npm run generate:openapi` after editing it)', async () => {
    const yaml = parse(
      await readFile(require.resolve('./openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });

  it('documents every route the router serves, each with 401 and 403', () => {
    const operations = Object.entries(spec.paths).flatMap(([route, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        route,
        method,
        responses: Object.keys((operation as any).responses),
      })),
    );
    expect(operations.map(o => `${o.method} ${o.route}`)).toEqual([
      'get /health',
      'get /meshes',
      'get /meshes/{mesh}',
      'post /meshes/{mesh}/refresh',
      'get /meshes/{mesh}/connections',
      'get /meshes/{mesh}/connection-grid',
      'get /meshes/{mesh}/global-services',
      'get /meshes/{mesh}/clusters/{cluster}',
      'get /meshes/{mesh}/history',
      'get /meshes/{mesh}/registration',
      'put /meshes/{mesh}/registration',
      'delete /meshes/{mesh}/registration',
    ]);
    for (const operation of operations) {
      expect(operation.responses).toEqual(
        expect.arrayContaining(
          operation.route === '/health'
            ? ['200', '401']
            : [operation.method === 'delete' ? '204' : '200', '401', '403'],
        ),
      );
    }
  });
});
