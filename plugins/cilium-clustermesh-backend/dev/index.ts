import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// Runs the plugin alone: `npm start` in this folder, then
// curl -H 'Authorization: Bearer mock-user-token' localhost:7007/api/cilium-clustermesh/health
const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));
backend.start();
