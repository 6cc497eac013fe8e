import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const dist = fileURLToPath(new URL('../', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));

// A service that installed loadline without the optional peer ioredis: the guard loads, limits in
// memory, and a RedisRateStore over a client the service brought (here a closed one, so the store
// decides from its insurance) needs nothing from ioredis.
const script = `
const out = {};
try { await import('ioredis'); out.ioredis = 'found'; } catch (e) { out.ioredis = e.code; }
const guard = await import('./dist/guard/index.js');
out.names = Object.keys(guard).length;
const limiter = new guard.RateLimiter({ limit: 1, window: '1m' });
out.memory = [(await limiter.consume('a')).allowed, (await limiter.consume('a')).allowed];
const closed = { status: 'end', evalsha: async () => { throw new Error('closed'); }, eval: async () => { throw new Error('closed'); }, on() {} };
const store = new guard.RedisRateStore({ redis: closed, onError: () => {} });
const viaRedis = new guard.RateLimiter({ limit: 1, window: '1m', store });
out.redisStore = (await viaRedis.consume('a')).source;
console.log(JSON.stringify(out));
`;

test('without ioredis installed, loadline/guard loads, limits in memory, and a RedisRateStore over a client it is given works', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'loadline-guard-no-ioredis-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // Only the published files: test files and test kits (which import ioredis) stay behind.
  const published = (src: string) => !/\.test(-kit)?\.(js|d\.ts|js\.map)$/.test(src);
  cpSync(join(dist, 'guard'), join(root, 'dist/guard'), { recursive: true, filter: published });
  cpSync(join(dist, 'core'), join(root, 'dist/core'), { recursive: true, filter: published });
  cpSync(join(repo, 'schema'), join(root, 'schema'), { recursive: true }); // core reads the result schema when loaded
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
  mkdirSync(join(root, 'node_modules'));
  const modules = join(repo, 'node_modules');
  for (const name of readdirSync(modules)) if (name !== 'ioredis') symlinkSync(join(modules, name), join(root, 'node_modules', name));

  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' }, timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout);
  assert.equal(out.ioredis, 'ERR_MODULE_NOT_FOUND', 'the child must not find ioredis');
  assert.ok(out.names >= 34, `public names: ${out.names}`);
  assert.deepEqual(out.memory, [true, false]);
  assert.equal(out.redisStore, 'insurance');
});

test("loadline/guard's published code and types import nothing from ioredis (a TypeScript user without it type-checks too)", () => {
  const guard = join(dist, 'guard');
  const importers = (readdirSync(guard, { recursive: true }) as string[])
    .filter((file) => /\.(js|d\.ts)$/.test(file) && !/\.test(-kit)?\./.test(file))
    .filter((file) => /(from|import)\s*\(?\s*['"]ioredis['"]/.test(readFileSync(join(guard, file), 'utf8')));
  assert.deepEqual(importers, []);
});
