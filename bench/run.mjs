#!/usr/bin/env node
// Runs every bench/*.bench.mjs in its own process, one after another.
// Usage: npm run bench [-- substring ...]   (filters benchmark files by name)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const dir = new URL('.', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', new URL(file, dir).pathname], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`# ${file} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
