import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const dist = fileURLToPath(new URL('../../', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));

// What a service that installed loadline without the optional peer `ioredis` runs.
const script = `
const out = {};
try { await import('ioredis'); out.ioredis = 'found'; } catch (e) { out.ioredis = e.code; }
const { LruCache, TieredCache, ResponseCache } = await import('./dist/cache/index.js');
const lru = new LruCache({ maxEntries: 2 });
lru.set('a', 1);
out.lru = await lru.getOrSet('b', () => 2) + lru.get('a');
out.responseCache = typeof new ResponseCache().decide;
try { new TieredCache({ redis: 'redis://:s3cret@127.0.0.1:6379/0' }); out.tiered = 'constructed'; } catch (e) { out.tiered = { code: e.code, field: e.details?.field, message: e.message }; }
console.log(JSON.stringify(out));
`;

test('without ioredis installed, loadline/cache loads, LruCache works and a Redis URL fails with LOADLINE_MISSING_PEER saying what to install', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'loadline-no-ioredis-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  cpSync(join(dist, 'cache'), join(root, 'dist/cache'), { recursive: true });
  cpSync(join(dist, 'core'), join(root, 'dist/core'), { recursive: true });
  cpSync(join(repo, 'schema'), join(root, 'schema'), { recursive: true }); // core reads the result schema when loaded
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
  mkdirSync(join(root, 'node_modules'));
  const modules = join(repo, 'node_modules');
  for (const name of readdirSync(modules)) if (name !== 'ioredis') symlinkSync(join(modules, name), join(root, 'node_modules', name));

  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' }, timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout);
  assert.equal(out.ioredis, 'ERR_MODULE_NOT_FOUND', 'the child must not find ioredis');
  assert.equal(out.lru, 3);
  assert.equal(out.responseCache, 'function');
  assert.equal(out.tiered.code, 'LOADLINE_MISSING_PEER');
  assert.equal(out.tiered.field, 'redis');
  assert.match(out.tiered.message, /npm install ioredis/);
  assert.doesNotMatch(out.tiered.message, /s3cret/);
});
