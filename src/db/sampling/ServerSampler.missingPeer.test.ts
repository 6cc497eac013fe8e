import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** Resolve hook that makes ioredis and pg look uninstalled, as they are for a user who never added them. */
const HIDE = `export async function resolve(specifier, context, next) {
  if (specifier === 'ioredis' || specifier === 'pg') { const e = new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; }
  return next(specifier, context);
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HIDE)}));`;

test('without ioredis and pg installed, each sample is a gap with LOADLINE_MISSING_PEER saying what to install, never an exception or a credential', () => {
  const script = `const { startServerSampling } = await import(${JSON.stringify(new URL('./ServerSampler.js', import.meta.url).href)});
    const { FakeClock } = await import(${JSON.stringify(new URL('../../core/clock.js', import.meta.url).href)});
    const sampler = startServerSampling({ redisUrl: 'redis://:s3cret@127.0.0.1:6379/0', pgUrl: 'postgres://me:s3cret@127.0.0.1:5432/test', clock: new FakeClock() });
    await sampler.flush();
    const out = await sampler.stop();
    console.log(JSON.stringify({ redis: out.redis.gaps.map((g) => g.error), pg: out.pg.gaps.map((g) => g.error) }));`;
  const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { redis: string[]; pg: string[] };
  assert.ok(out.redis.length >= 1 && out.pg.length >= 1, run.stdout);
  for (const error of out.redis) assert.equal(error, 'LOADLINE_MISSING_PEER: redisUrl: sampling Redis needs the optional peer dependency ioredis, which is not installed; run npm install ioredis');
  for (const error of out.pg) assert.equal(error, 'LOADLINE_MISSING_PEER: pgUrl: sampling PostgreSQL needs the optional peer dependency pg, which is not installed; run npm install pg');
  assert.doesNotMatch(run.stdout, /s3cret/);
});
