// The portal's scaffolder, this module and the status backend in a process
// of their own, so a test can kill it mid-task and start another on the same
// database: a real backend restart. Config comes from --config files.
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';

const templates = JSON.parse(
  readFileSync(process.env.LAB_BACKEND_TEMPLATES!, 'utf8'),
);
const backend = createBackend();
// Test credentials (mockCredentials.user.header()) instead of a sign-in.
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(catalogServiceMock.factory({ entities: templates }));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('../index'));
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
backend.add(import('@meshportal/plugin-cilium-clustermesh-backend'));
backend.start();
