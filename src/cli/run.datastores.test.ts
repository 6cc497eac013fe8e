import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseResult } from '../core/index.js';
import { spawnCli, unwrapped } from './cliProcess.test-kit.js';

const SECRET = 'pw-s3cret-never-logged';

/** A loopback TCP proxy to a real server, which can go away in the middle of a run (as a server that dies). */
async function proxyTo(port: number): Promise<{ port: number; goAway(): void; replied: Promise<void> }> {
  const sockets = new Set<Socket>();
  let sawReply: () => void = () => undefined;
  const replied = new Promise<void>((resolve) => (sawReply = resolve));
  let infoReplies = 0;
  const server = createTcpServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    // The third INFO answer relayed: ioredis's ready check reads INFO once, and a point is a rate
    // between two readings, so the sampler has its first point once its second reading is in.
    upstream.on('data', (chunk: Buffer) => {
      if (chunk.includes('used_memory:') && ++infoReplies === 3) sawReply();
    });
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    replied,
    goAway() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

test('run --sample-redis --sample-pg: Redis and PostgreSQL series on the run axis in the result and the report; passwords reach neither the files nor the output; a server that goes away mid-run leaves gaps', async (t) => {
  const target = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'loadline-run-datastores-'));
  const redis = await proxyTo(6379);
  t.after(() => {
    target.close();
    redis.goAway();
    rmSync(dir, { recursive: true, force: true });
  });
  const out = join(dir, 'result.json');
  const html = join(dir, 'report.html');
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  // Redis (through the proxy) goes away shortly after its first point, whenever the CLI
  // got that far (a fixed delay lost the race on a loaded machine: no point before the outage).
  let away: ReturnType<typeof setTimeout> | undefined;
  void redis.replied.then(() => (away = setTimeout(() => redis.goAway(), 300)));
  t.after(() => clearTimeout(away));
  const ran = await spawnCli([
    'run', url, '--vus', '2', '--duration', '4s', '--quiet', '--out', out, '--html', html,
    '--sample-redis', `redis://default:${SECRET}@127.0.0.1:${redis.port}`,
    '--sample-pg', `postgres://postgres:${SECRET}@127.0.0.1:5432/test?application_name=${SECRET}`,
  ]);
  assert.equal(ran.code, 0, ran.stderr);
  const text = readFileSync(out, 'utf8');
  const result = parseResult(text, 'result.json');
  const stores = result.datastores!;
  assert.equal(stores.intervalMs, 1000);
  assert.equal(stores.redis!.source, `redis://127.0.0.1:${redis.port}`);
  assert.equal(stores.pg!.source, 'postgres://127.0.0.1:5432/test');
  const pg = stores.pg!.points;
  assert.ok(pg.length >= 2, `pg points: ${pg.length}`);
  for (const p of [...pg, ...stores.redis!.points]) assert.ok(p.t >= 0 && p.t <= 5.01, `t=${p.t} on the run axis (4 s measured, one interval beside)`);
  assert.ok(pg.every((p, i) => i === 0 || p.t > pg[i - 1]!.t));
  assert.ok(pg[0]!.connections >= 1, 'the sampler itself is connected');
  assert.ok(stores.redis!.points.length >= 1, `Redis answered before it went away: ${JSON.stringify(stores.redis)}`);
  assert.ok(stores.redis!.points[0]!.usedMemoryBytes > 0);
  assert.ok(stores.redis!.gaps.length >= 1, 'then its samples are gaps');
  assert.ok(stores.redis!.gaps.every((g) => g.t >= 2 && g.error.length > 0), JSON.stringify(stores.redis!.gaps));
  assert.equal(stores.pg!.gaps.length, 0);
  const statements = stores.pg!.statements;
  if (statements.available) assert.ok(Array.isArray(statements.top));
  else assert.match(statements.note, /pg_stat_statements/);
  assert.match(unwrapped(ran.stderr), /warning: \d+ Redis sample\(s\) failed .*the series has gaps/);

  const report = readFileSync(html, 'utf8');
  for (const id of ['chart-redis-ops', 'chart-redis-memory', 'chart-pg-transactions', 'chart-pg-connections']) assert.ok(report.includes(`"id":"${id}"`), id);
  for (const [name, content] of [['result', text], ['report', report], ['stdout', ran.stdout], ['stderr', ran.stderr]]) assert.ok(!content!.includes(SECRET), `no password in the ${name}`);
});

test('a bad --sample-pg or --sample-redis is bad usage naming the flag, without echoing the password; nothing is sent', async () => {
  let hits = 0;
  const target = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
    const pg = await spawnCli(['run', url, '--duration', '1s', '--sample-pg', `mysql://app:${SECRET}@127.0.0.1/db`]);
    assert.equal(pg.code, 2, pg.stderr);
    assert.match(pg.stderr, /--sample-pg: got "mysql:\/\/127\.0\.0\.1\/db", expected a postgres: or postgresql: URL/);
    const redis = await spawnCli(['run', url, '--duration', '1s', '--sample-redis', '']);
    assert.equal(redis.code, 2);
    assert.match(redis.stderr, /--sample-redis: got "", expected a Redis URL/);
    assert.ok(!pg.stderr.includes(SECRET));
    assert.equal(hits, 0);
  } finally {
    target.close();
  }
});
