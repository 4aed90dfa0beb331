// The backend under benchmark, in its own process so its memory is its own:
// a production-style backend with only our plugin, configured by --config.
import { createBackend } from '@backstage/backend-defaults';
import { appendFileSync } from 'node:fs';

const backend = createBackend();
backend.add(import('../src'));
backend.start();

// BENCH_MEMORY_LOG=<file>: the process's memory four times a second, to see
// which part (V8 heap, buffers, the rest) makes up its RSS.
const memoryLog = process.env.BENCH_MEMORY_LOG;
if (memoryLog) {
  const mib = (bytes: number) => Math.round(bytes / 1048576);
  setInterval(() => {
    const { rss, heapTotal, heapUsed, arrayBuffers } = process.memoryUsage();
    appendFileSync(
      memoryLog,
      `${new Date().toISOString()} rss ${mib(rss)} heapTotal ${mib(
        heapTotal,
      )} heapUsed ${mib(heapUsed)} arrayBuffers ${mib(arrayBuffers)} MiB\n`,
    );
  }, 250).unref();
}
