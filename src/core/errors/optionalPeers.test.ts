import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isLoadlineError } from './errors.js';
import { importPeer, requirePeer } from './optionalPeer.js';

const REPO = new URL('../../../', import.meta.url);
const PEERS = ['ioredis', 'tsx', 'pg', 'better-sqlite3'];

/** Resolve hook that makes the optional peers look uninstalled, as they are for a user who never added them. */
const HIDE = `const hidden = ${JSON.stringify(PEERS)};
export async function resolve(specifier, context, next) {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (hidden.includes(name)) { const e = new Error("Cannot find package '" + name + "' imported from " + context.parentURL); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; }
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HIDE)}));`;

test('without the optional peers (ioredis, tsx, pg, better-sqlite3) every subpath loads, a YAML scenario loads and a TypeScript one fails with LOADLINE_MISSING_PEER saying npm install tsx', () => {
  const exports = JSON.parse(readFileSync(new URL('package.json', REPO), 'utf8')).exports as Record<string, { default?: string } | string>;
  const entries = Object.entries(exports).flatMap(([subpath, target]) => (typeof target === 'object' && target.default ? [[subpath, new URL(target.default, REPO).href]] : []));
  const fixtures = new URL('test/fixtures/scenarios/', REPO);
  const script = `
    const out = { loaded: {} };
    for (const [subpath, url] of ${JSON.stringify(entries)}) {
      try { out.loaded[subpath] = Object.keys(await import(url)).length; } catch (e) { out.loaded[subpath] = e.code + ': ' + e.message; }
    }
    try { await import('tsx/esm/api'); out.tsx = 'found'; } catch (e) { out.tsx = e.code; }
    const { loadScenario } = await import(${JSON.stringify(new URL('dist/load/index.js', REPO).href)});
    out.yaml = (await loadScenario(${JSON.stringify(fileURLToPath(new URL('checks-by-name.yaml', fixtures)))})).flows.length;
    try { await loadScenario(${JSON.stringify(fileURLToPath(new URL('checks-by-name.ts', fixtures)))}); out.ts = 'loaded'; } catch (e) { out.ts = { code: e.code, message: e.message, file: e.details?.file }; }
    console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  assert.equal(out.tsx, 'ERR_MODULE_NOT_FOUND', 'the child must not find tsx');
  assert.ok(entries.length >= 6, `${entries.length} subpaths`);
  for (const [subpath] of entries) assert.equal(typeof out.loaded[subpath], 'number', `${subpath}: ${out.loaded[subpath]}`);
  assert.ok(out.yaml > 0);
  assert.equal(out.ts.code, 'LOADLINE_MISSING_PEER');
  assert.match(out.ts.message, /checks-by-name\.ts\) needs the optional peer dependency tsx, which is not installed; run npm install tsx$/);
  assert.match(out.ts.file, /checks-by-name\.ts$/);
});

test('importPeer and requirePeer load an installed peer, and a missing one is LOADLINE_MISSING_PEER naming the package, the field and what to run', async () => {
  const need = { neededFor: 'field: the thing', field: 'field', otherwise: 'pass your own' };
  assert.equal(typeof (await importPeer<{ default: { Client: unknown } }>('pg', need)).default.Client, 'function');
  assert.equal(typeof requirePeer<{ Redis: unknown }>('ioredis', need).Redis, 'function');
  const expected = (peer: string) => ({
    code: 'LOADLINE_MISSING_PEER',
    message: `field: the thing needs the optional peer dependency ${peer}, which is not installed; run npm install ${peer}, or pass your own`,
    details: { field: 'field', expected: `${peer} installed (npm install ${peer})` },
  });
  await assert.rejects(importPeer('loadline-no-such-peer/sub/path', need), expected('loadline-no-such-peer'));
  await assert.rejects(importPeer('@loadline-none/peer/sub', need), expected('@loadline-none/peer'));
  assert.throws(() => requirePeer('loadline-no-such-peer', need), expected('loadline-no-such-peer'));
  const err = await importPeer('loadline-no-such-peer', { neededFor: 'x' }).catch((e: unknown) => e);
  assert.ok(isLoadlineError(err, 'LOADLINE_MISSING_PEER'));
  assert.equal((err as Error & { cause: NodeJS.ErrnoException }).cause.code, 'ERR_MODULE_NOT_FOUND');
  assert.deepEqual((err as { details: object }).details, { expected: 'loadline-no-such-peer installed (npm install loadline-no-such-peer)' });
});

test('a peer that is installed but broken is not reported as missing: its own error comes through', async () => {
  // The package is there; the file asked for is not (as when an install is half-removed).
  const broken = await importPeer('pg/lib/no-such-file.js', { neededFor: 'x' }).catch((e: unknown) => e);
  assert.equal(isLoadlineError(broken), false, String(broken));
  assert.match((broken as NodeJS.ErrnoException).code ?? '', /^ERR_(MODULE_NOT_FOUND|PACKAGE_PATH_NOT_EXPORTED)$/);
  assert.throws(() => requirePeer('pg/lib/no-such-file.js', { neededFor: 'x' }), (e: NodeJS.ErrnoException) => !isLoadlineError(e) && /MODULE_NOT_FOUND|PACKAGE_PATH_NOT_EXPORTED/.test(e.code ?? ''));
});
