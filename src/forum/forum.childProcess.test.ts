import { test } from 'node:test';
import assert from 'node:assert/strict';
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
