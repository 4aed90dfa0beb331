import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// Runs the scaffolder with only this module's actions: `npm start` here, then
// curl -H 'Authorization: Bearer mock-user-token' localhost:7007/api/scaffolder/v2/actions
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('../src'));
backend.start();
