import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Resolve hook that makes better-sqlite3 look uninstalled, as it is for a loadline user who never added it. */
const HIDE = `export async function resolve(specifier, context, next) {
  if (specifier === 'better-sqlite3') { const e = new Error("Cannot find package 'better-sqlite3'"); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; }
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HIDE)}));`;

test('without better-sqlite3 installed, starting the forum on SQLite fails with LOADLINE_MISSING_DRIVER saying what to install', () => {
  const script = `const { startForum } = await import(${JSON.stringify(new URL('./index.js', import.meta.url).href)});
    try { await startForum({ scale: 0.001 }); console.log('started'); process.exit(1); } catch (err) { console.log(JSON.stringify({ code: err.code, message: err.message })); process.exit(0); }`;
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  const err = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  assert.equal(err.code, 'LOADLINE_MISSING_DRIVER');
  assert.match(err.message, /better-sqlite3, which is not installed \(npm install better-sqlite3\), or give databaseUrl/);
});
