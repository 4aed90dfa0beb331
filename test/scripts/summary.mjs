// Prints the closing "N passed, N failed" line from the Jest and node:test results of `npm test`.
import { existsSync, readFileSync } from 'node:fs';

const results = 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;

if (existsSync(`${results}/jest.json`)) {
  const jest = JSON.parse(readFileSync(`${results}/jest.json`, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0);
  skipped += jest.numPendingTests + jest.numTodoTests;
} else {
  console.error('no Jest results: the unit tests did not run');
  failed += 1;
}

if (existsSync(`${results}/e2e.tap`)) {
  const tap = readFileSync(`${results}/e2e.tap`, 'utf8');
  const count = name =>
    Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped') + count('todo');
} else {
  console.error('no browser test results: the e2e tests did not run');
  failed += 1;
}

console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
