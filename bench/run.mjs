#!/usr/bin/env node
// Runs every bench/*.bench.mjs in its own process, one after another, once this machine has what
// they need (bench/lib/setup.mjs: Debian programs installed, local services started, or named).
// Usage: npm run bench [-- substring ...]   (filters benchmark files by name)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { benchSetup } from './lib/setup.mjs';

const filters = process.argv.slice(2);
const dir = new URL('.', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
benchSetup(...files);
const env = { ...process.env, LOADLINE_BENCH_SETUP: 'skip' };
let failed = 0;
for (const file of files) {
  console.log(`\n# ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', new URL(file, dir).pathname], { stdio: 'inherit', env });
  if (r.status !== 0) {
    failed++;
    console.log(`# ${file} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
