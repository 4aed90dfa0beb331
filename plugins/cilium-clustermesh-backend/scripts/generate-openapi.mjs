#!/usr/bin/env node
// Turns src/schema/openapi.yaml into the typed `spec` constant the router is
// built from (what `backstage-repo-tools package schema openapi generate
// --server` writes), so the YAML stays the one source of the API.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const schemaDir = new URL('../src/schema/', import.meta.url);
const spec = parse(readFileSync(new URL('openapi.yaml', schemaDir), 'utf8'));
const target = fileURLToPath(new URL('openapi.generated.ts', schemaDir));

writeFileSync(
  target,
  `// Generated from openapi.yaml by scripts/generate-openapi.mjs; do not edit.
/* eslint-disable */
export const spec = ${JSON.stringify(spec, null, 2)} as const;
`,
);
console.log(`wrote ${target}`);
