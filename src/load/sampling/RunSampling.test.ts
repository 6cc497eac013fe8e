import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoadlineError } from '../../core/index.js';
import { runLoad } from '../LoadRun.js';
import { startRunSampling } from './index.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): void {
  server.closeAllConnections();
  server.close();
}

test('startRunSampling: Redis sampled on the run axis; a monitor that answers 401 is a warning naming how to give the token', async () => {
  const target = createServer((_req, res) => res.end('ok'));
  const monitor = createServer((_req, res) => {
    res.statusCode = 401;
    res.end();
  });
  const [url, monitorUrl] = await Promise.all([listen(target), listen(monitor)]);
  try {
    const warnings: string[] = [];
    const warn = (line: string) => void warnings.push(line);
    const sampling = await startRunSampling({
      monitor: { source: monitorUrl, token: 'nope', intervalMs: 200, warn, tokenHint: '--monitor-token' },
      datastores: { redisUrl: 'redis://127.0.0.1:6379', intervalMs: 200, warn },
    });
    await sampling.started;
    const result = await runLoad({ url: `${url}/`, vus: 2, durationMs: 1200 });
    await sampling.finish(result);
    const redis = result.datastores?.redis;
    assert.ok(redis, 'result.datastores.redis');
    assert.equal(redis.source, 'redis://127.0.0.1:6379');
    assert.ok(redis.points.length >= 3, `redis points: ${redis.points.length}`);
    for (const p of redis.points) assert.ok(p.t >= 0 && p.t <= 1.2 + 0.2 + 0.01, `t=${p.t}`);
    assert.equal(result.server, undefined, 'no series from a monitor that refused the token');
    assert.ok(warnings.some((w) => /answered 401: give the monitor's token with --monitor-token/.test(w)), warnings.join('\n'));
    assert.ok(warnings.some((w) => /poll\(s\) of the monitor .* failed; no server series stored/.test(w)), warnings.join('\n'));
  } finally {
    close(target);
    close(monitor);
  }
});

test('startRunSampling: bad options throw naming the field, before anything starts, and never show a password', async () => {
  const refused = async (options: unknown, field: RegExp) => {
    await assert.rejects(startRunSampling(options as Parameters<typeof startRunSampling>[0]), (err: unknown) => {
      assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_OPTION'), String(err));
      assert.match(err.message, field);
      assert.ok(!err.message.includes('pw-secret'), err.message);
      return true;
    });
  };
  await refused({ datastores: { redisUrl: 'http://user:pw-secret@127.0.0.1:6379' } }, /^redisUrl: /);
  await refused({ datastores: { pgUrl: 'mysql://user:pw-secret@127.0.0.1/db' } }, /^pgUrl: /);
  await refused({ monitor: { source: 'not a url' } }, /^source: got "not a url", expected the base URL/);
  await refused({ monitr: { source: 'http://127.0.0.1:1' } }, /monitr/);
  // A bad monitor URL after a good Redis URL: the Redis sampler is stopped again (the test would hang on its timer otherwise).
  await refused({ datastores: { redisUrl: 'redis://127.0.0.1:6379' }, monitor: { source: 'ftp://127.0.0.1' } }, /^source: /);
});
