// Makes sure this machine has what the given benches need (Debian programs such as wrk and
// nginx-light, local Redis/PostgreSQL) through scripts/test-setup.mjs --bench, the same code path
// `npm test` prepares the machine with: installed or started when this user may (root, apt-get),
// otherwise named with the command that provides it, and this process ends with exit code 1.
// bench/run.mjs checks all the benches it runs at once and sets LOADLINE_BENCH_SETUP=skip for
// them; a bench run alone checks its own needs.
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const SETUP = fileURLToPath(new URL('../../scripts/test-setup.mjs', import.meta.url));

/** @param {(string | URL)[]} benches  bench files (paths, file: URLs or file names) */
export function benchSetup(...benches) {
  if (process.env.LOADLINE_BENCH_SETUP === 'skip') return;
  const names = benches.map((b) => basename(b instanceof URL || String(b).startsWith('file:') ? fileURLToPath(b) : String(b)));
  const r = spawnSync(process.execPath, [SETUP, '--bench', ...names], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
