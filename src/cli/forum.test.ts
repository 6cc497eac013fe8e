import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN, spawnCli } from './cliProcess.test-kit.js';

const SCALE = '0.02';

function scratch(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'forum-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('loadline forum: prints its URL and instruments, serves, and stops cleanly on SIGINT', async (t) => {
  const child = spawn(process.execPath, [CLI_MAIN, 'forum', '--port', '0', '--scale', SCALE, '--mode', 'optimized', '--without', 'cache'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m && stdout.includes('Load it:')) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  assert.match(stdout, /^loadline forum: optimized mode on SQLite with singletons, n\+1, index, wal, async-scrypt, http-cache, rate-limit, sessions, ws-cleanup, serving on/);
  assert.match(stdout, /Seeded 40 users, 20 forums, 100 topics, 2000 posts, 20 wiki pages/);
  assert.match(stdout, /\/api\/performance\/queries {2}statements, N\+1/);
  const res = await fetch(`${url}/api/forums/topics`);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { topics: unknown[] }).topics.length, 20);
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  assert.equal(await exit, 0);
  assert.match(stdout, /loadline forum: SIGINT, stopped\n$/);
});

async function busyPort(t: { after(fn: () => unknown): void }): Promise<number> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => blocker.close(resolve)));
  return (blocker.address() as { port: number }).port;
}

test('loadline forum: a port in use, an unknown fix, an unusable data folder, a bad mode and PostgreSQL down exit 2 naming the flag', async (t) => {
  const port = await busyPort(t);
  const busy = await spawnCli(['forum', '--port', String(port), '--scale', SCALE]);
  assert.equal(busy.code, 2);
  assert.match(busy.stderr, new RegExp(`loadline forum: --port: got ${port}, expected a free port`));
  const unknown = await spawnCli(['forum', '--fix', 'cache,turbo']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--fix: got "turbo", expected fix names, comma-separated: singletons, n\+1/);
  const dir = scratch(t);
  writeFileSync(join(dir, 'f'), '');
  const badDir = await spawnCli(['forum', '--port', '0', '--data-dir', join(dir, 'f', 'x'), '--scale', SCALE]);
  assert.equal(badDir.code, 2);
  assert.match(badDir.stderr, /--data-dir: got ".*", expected a folder this process can create and write \(ENOTDIR\)/);
  const mode = await spawnCli(['forum', '--mode', 'fast']);
  assert.equal(mode.code, 2);
  assert.match(mode.stderr, /--mode: got "fast", expected naive or optimized/);
  const pgDown = await spawnCli(['forum', '--port', '0', '--scale', SCALE, '--database-url', 'postgres://x:pw@127.0.0.1:1/db']);
  assert.equal(pgDown.code, 2);
  assert.match(pgDown.stderr, /--database-url: got "postgres:\/\/x:\*\*\*@127\.0\.0\.1:1\/db", expected a PostgreSQL server that answers \(ECONNREFUSED\)/);
});
