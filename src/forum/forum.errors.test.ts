import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoadlineError } from '../core/index.js';
import { startForum } from './startForum.js';
import { TEST_SCALE } from './forum.test-kit.js';

function scratch(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'forum-errors-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function busyPort(t: { after(fn: () => unknown): void }): Promise<number> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => blocker.close(resolve)));
  return (blocker.address() as { port: number }).port;
}

test('a port in use: LOADLINE_PORT_IN_USE naming the port, before any data is written', async (t) => {
  const port = await busyPort(t);
  const dataDir = scratch(t);
  await assert.rejects(startForum({ port, dataDir, scale: TEST_SCALE }), (err) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_PORT_IN_USE'));
    assert.match(err.message, new RegExp(`^port: got ${port}, expected a free port on 127\\.0\\.0\\.1 \\(EADDRINUSE`));
    return true;
  });
  assert.deepEqual(readdirSync(dataDir), []);
});

test('an unusable data folder: LOADLINE_DATA_DIR_UNUSABLE naming it, and the port released', async (t) => {
  const dir = scratch(t);
  writeFileSync(join(dir, 'a-file'), 'x');
  const dataDir = join(dir, 'a-file', 'forum');
  await assert.rejects(startForum({ dataDir, scale: TEST_SCALE }), (err) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_DATA_DIR_UNUSABLE'));
    assert.match(err.message, /^dataDir: got ".*a-file\/forum", expected a folder this process can create and write \(ENOTDIR\)$/);
    return true;
  });
  assert.deepEqual(readdirSync(dir), ['a-file']);
});

test('a data folder of its own keeps forum.db after close; only the finished file is ever there', async (t) => {
  const dataDir = join(scratch(t), 'nested', 'data');
  const forum = await startForum({ dataDir, scale: TEST_SCALE });
  assert.deepEqual(readdirSync(dataDir).filter((f) => !f.endsWith('-journal')), ['forum.db']);
  await forum.close();
  assert.deepEqual(readdirSync(dataDir), ['forum.db']);
});

test('bad options name the field, the value and what was expected', async () => {
  const cases: Array<[object, RegExp]> = [
    [{ mode: 'fast' }, /^mode: got "fast", expected one of "naive", "optimized"$/],
    [{ fixes: ['cache', 'turbo'] }, /^fixes\[1\]: got "turbo", expected one of singletons, n\+1, index/],
    [{ fixes: ['cache'], withoutFixes: ['cache'] }, /^withoutFixes: got "cache", expected a fix not also listed in fixes$/],
    [{ scale: 0 }, /^scale: got 0, expected a finite number at least 0.001 and at most 20$/],
    [{ port: 70000 }, /^port: got 70000, expected an integer at least 0 and at most 65535$/],
    [{ databaseUrl: 'mysql://x' }, /^databaseUrl: got "mysql:\/\/x", expected a PostgreSQL URL/],
    [{ colour: 'red' }, /^colour: expected no such option/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(startForum(options), (err) => isLoadlineError(err, 'LOADLINE_INVALID_OPTION') && message.test(err.message), JSON.stringify(options));
  }
});
