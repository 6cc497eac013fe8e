import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { isLoadlineError } from '../core/index.js';
import { startForum } from './startForum.js';
import { call, TEST_SCALE } from './forum.test-kit.js';

test('childProcess: the forum serves from its own process; stats and close travel over IPC', async (t) => {
  const forum = await startForum({ mode: 'optimized', scale: TEST_SCALE, childProcess: true });
  t.after(() => forum.close());
  assert.notEqual(forum.pid, process.pid);
  assert.equal(forum.mode, 'optimized');
  assert.equal(forum.volumes.topics, 100);
  assert.equal((await call(forum, '/api/forums/topics')).status, 200);
  assert.equal((await call(forum, '/health/ready')).status, 200);
  const stats = await forum.stats();
  assert.equal(stats.sessions, 0);
  assert.ok(stats.rssBytes > 0);
  await forum.close();
  assert.throws(() => process.kill(forum.pid, 0), /ESRCH/);
});

test('childProcess: a start that fails in the child rejects with its code and message', async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => blocker.close(resolve)));
  const port = (blocker.address() as { port: number }).port;
  await assert.rejects(startForum({ port, scale: TEST_SCALE, childProcess: true }), (err) => isLoadlineError(err, 'LOADLINE_PORT_IN_USE') && err.message.startsWith(`port: got ${port}`));
});

test('childProcess: a child that dies (Ctrl-C reaches the whole group) fails stats() and lets close() end, never crashing this process', async (t) => {
  const forum = await startForum({ mode: 'naive', scale: TEST_SCALE, childProcess: true });
  t.after(() => forum.close());
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  t.after(() => process.off('uncaughtException', onUncaught));
  process.kill(forum.pid, 'SIGKILL');
  // Block this thread until the kernel has ended the child (a zombie: its end of the channel is
  // closed) while this process has not yet seen the channel close: the writes below meet a dead peer.
  while (!/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${forum.pid}/stat`, 'utf8')));
  const stats = forum.stats();
  const closed = forum.close();
  await assert.rejects(stats, /forum process/);
  await closed;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(uncaught, []);
  assert.throws(() => process.kill(forum.pid, 0), /ESRCH/);
});
