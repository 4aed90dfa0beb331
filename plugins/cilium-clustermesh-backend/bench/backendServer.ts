// The backend under benchmark, in its own process so its memory is its own:
// a production-style backend with only our plugin, configured by --config.
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('../src'));
backend.start();
