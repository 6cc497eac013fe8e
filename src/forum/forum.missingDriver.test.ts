import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Resolve hook that makes the database drivers look uninstalled, as they are for a loadline user who never added them. */
const HIDE = `export async function resolve(specifier, context, next) {
  if (specifier === 'better-sqlite3' || specifier === 'pg') { const e = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; }
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HIDE)}));`;

/** Starts the forum with `options` in a child node without the drivers; returns the error it threw. */
function startWithoutDrivers(options: object): { code: string; message: string; field?: string } {
  const script = `const { startForum } = await import(${JSON.stringify(new URL('./index.js', import.meta.url).href)});
    try { await startForum(${JSON.stringify(options)}); console.log('started'); process.exit(1); } catch (err) { console.log(JSON.stringify({ code: err.code, message: err.message, field: err.details?.field })); process.exit(0); }`;
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

test('without better-sqlite3 installed, starting the forum on SQLite fails with LOADLINE_MISSING_PEER saying what to install', () => {
  const err = startWithoutDrivers({ scale: 0.001 });
  assert.equal(err.code, 'LOADLINE_MISSING_PEER');
  assert.equal(err.message, 'the forum on SQLite needs the optional peer dependency better-sqlite3, which is not installed; run npm install better-sqlite3, or give databaseUrl (PostgreSQL)');
});

test('without pg installed, starting the forum with databaseUrl fails with LOADLINE_MISSING_PEER naming the field, before any connection', () => {
  const err = startWithoutDrivers({ scale: 0.001, databaseUrl: 'postgres://nobody:s3cret@127.0.0.1:1/none' });
  assert.equal(err.code, 'LOADLINE_MISSING_PEER');
  assert.equal(err.field, 'databaseUrl');
  assert.match(err.message, /^databaseUrl: the forum on PostgreSQL needs the optional peer dependency pg, which is not installed; run npm install pg$/);
});
