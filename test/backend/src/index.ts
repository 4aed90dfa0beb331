import { createBackend } from '@backstage/backend-defaults';

// The dev portal's backend: what a platform team would install, on the lab.
const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@meshportal/plugin-scaffolder-backend-module-cilium-clustermesh'),
);
backend.add(import('@meshportal/plugin-cilium-clustermesh-backend'));
backend.add(
  import('@meshportal/plugin-catalog-backend-module-cilium-clustermesh'),
);

backend.start();
