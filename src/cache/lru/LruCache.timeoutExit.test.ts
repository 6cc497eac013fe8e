import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

// A timeout is the only thing that can end a load that never settles, so its timer must keep the
// process alive: a script that awaits such a load must see the timeout, not exit with code 13
// (unsettled top-level await). Real timers here, in a child process: that is the behaviour tested.
const cacheModule = new URL('../index.js', import.meta.url).href;

function runScript(body: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `import { LruCache } from ${JSON.stringify(cacheModule)};\n${body}`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

test('hardTimeoutMs rejects with LOADLINE_TIMEOUT in a script whose only pending work is the loader', async () => {
  const run = await runScript(`
    const cache = new LruCache({ maxEntries: 10 });
    try {
      await cache.getOrSet('k', () => new Promise(() => {}), { hardTimeoutMs: 50 });
      console.log('resolved');
    } catch (error) {
      console.log(error.code);
    }`);
  assert.equal(run.stdout.trim(), 'LOADLINE_TIMEOUT', run.stderr);
  assert.equal(run.code, 0);
});

test('softTimeoutMs answers stale in a script whose only pending work is the refresh', async () => {
  const run = await runScript(`
    const cache = new LruCache({ maxEntries: 10, ttlMs: 1, graceMs: 60_000 });
    cache.set('k', 'old');
    await new Promise((r) => setTimeout(r, 5));
    console.log(await cache.getOrSet('k', () => new Promise(() => {}), { softTimeoutMs: 50 }));`);
  assert.equal(run.stdout.trim(), 'old', run.stderr);
  assert.equal(run.code, 0);
});
