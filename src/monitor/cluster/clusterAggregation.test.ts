import assert from 'node:assert/strict';
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { FakeClock, Histogram } from '../../core/index.js';
import { checkExposition } from '../exposition/checkExposition.js';
import { aggregateCluster, reportToPrimary, type WorkerReport } from './clusterAggregation.js';
import type { ClusterRuntimeSummary } from './ClusterView.js';
import { Monitor } from '../Monitor.js';
import type { RuntimeSample } from '../runtime/RuntimeProbes.js';
import { serveMonitor } from '../serve/serveMonitor.js';

function samples(seed: number, n: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    // a long-tailed mix: most fast, some very slow, different per worker
    const u = s / 2 ** 31;
    out.push(u < 0.9 ? 1 + u * 20 * seed : 200 + u * 3000);
  }
  return out;
}

test("the primary's merged p99 equals the p99 of one histogram built from every worker's samples", () => {
  const primary = new Monitor({ runtime: false });
  const transport = new EventEmitter();
  const aggregation = aggregateCluster(primary, transport as never);
  const reference = new Histogram();
  const workers = [1, 2, 3].map((seed) => {
    const m = new Monitor({ runtime: false });
    reportToPrimary(m, (report) => transport.emit('message', {}, JSON.parse(JSON.stringify(report)) as WorkerReport));
    return { m, seed };
  });
  try {
    for (let round = 0; round < 3; round++) {
      for (const { m, seed } of workers) {
        for (const ms of samples(seed * 10 + round, 2000 * seed)) {
          m.http.record('GET', '/orders/:id', ms > 1000 ? 500 : 200, ms);
          reference.record(ms * 1000);
        }
        m.tick();
      }
      primary.tick();
    }
    const merged = primary.http.routes()[0]!.total;
    assert.equal(merged.count, reference.count);
    for (const p of [50, 90, 99, 99.9]) assert.equal(merged.percentile(p), reference.percentile(p), `p${p}`);
    assert.ok(Math.abs(merged.max - reference.max) <= reference.max / 1000, 'max within HDR precision (3 digits)');
    const text = primary.renderPrometheus();
    const count = (cls: string) => Number(new RegExp(`http_request_duration_seconds_count\\{method="GET",route="/orders/:id",status_code="${cls}"\\} (\\d+)`).exec(text)?.[1]);
    assert.equal(count('2xx') + count('5xx'), reference.count);
    // averaging the workers' p99s would give another figure: the merge is what makes this exact
    const perWorker = workers.map(({ m }) => m.http.routes()[0]!.total.percentile(99));
    assert.notEqual(perWorker.reduce((a, b) => a + b) / perWorker.length, reference.percentile(99));
  } finally {
    aggregation.stop();
    reference.destroy();
    for (const { m } of workers) void m.stop();
    void primary.stop();
  }
});

test("the primary serves each worker's runtime figures labelled with its pid, and forgets a worker that exited", () => {
  const primary = new Monitor({ runtime: false });
  const transport = new EventEmitter();
  const aggregation = aggregateCluster(primary, transport as never);
  const workers = [101, 202].map(() => new Monitor({ runtime: true, intervalMs: 3_600_000, historyWindowMs: 3_600_000 }));
  try {
    workers.forEach((m, i) => {
      const pid = [101, 202][i]!;
      reportToPrimary(m, (report) => transport.emit('message', {}, { ...(JSON.parse(JSON.stringify(report)) as WorkerReport), pid }));
      m.tick();
    });
    const text = primary.renderPrometheus();
    for (const pid of ['101', '202']) {
      for (const name of ['loadline_worker_eventloop_lag_p99_seconds', 'loadline_worker_eventloop_utilization_ratio', 'loadline_worker_cpu_ratio', 'loadline_worker_heap_used_bytes', 'loadline_worker_resident_memory_bytes', 'loadline_worker_gc_pause_seconds']) {
        assert.match(text, new RegExp(`\\n${name}\\{pid="${pid}"\\} [0-9.e+-]+\\n`), `${name} of ${pid}`);
      }
    }
    const heap = Number(/loadline_worker_heap_used_bytes\{pid="101"\} (\S+)/.exec(text)![1]);
    assert.ok(heap > 1e6, `heap ${heap}`);
    assert.deepEqual(checkExposition(text), []);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
    transport.emit('exit', { process: { pid: 101 } });
    const after = primary.renderPrometheus();
    assert.doesNotMatch(after, /pid="101"/);
    assert.match(after, /loadline_worker_heap_used_bytes\{pid="202"\}/);
  } finally {
    aggregation.stop();
    for (const m of workers) void m.stop();
    void primary.stop();
  }
});

test('with node:cluster, workers report over IPC and the primary merges them', async () => {
  const primary = new Monitor({ runtime: false });
  const aggregation = aggregateCluster(primary);
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./clusterWorker.test-kit.js', import.meta.url)), silent: true });
  const reference = new Histogram();
  const seeds = [5, 9];
  const workers = seeds.map((seed) => cluster.fork({ LOADLINE_TEST_SEED: String(seed) }));
  try {
    const exits = workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
    await Promise.all(exits);
    for (const seed of seeds) for (const ms of samples(seed, 3000)) reference.record(ms * 1000);
    primary.tick();
    const merged = primary.http.routes()[0]!.total;
    assert.equal(merged.count, 6000);
    assert.equal(merged.percentile(99), reference.percentile(99));
    assert.equal(aggregation.workers().size, 0, 'exited workers are forgotten');
  } finally {
    aggregation.stop();
    reference.destroy();
    await primary.stop();
  }
});

export { samples };

function nextMessage(worker: Worker, type: string): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== type) return;
      worker.off('message', onMessage);
      resolve(message);
    };
    worker.on('message', onMessage);
  });
}

/** Asks each worker to report once and waits until the primary has applied every report. */
async function reportOnce(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map((w) => {
      // The cluster module's own listener (which feeds aggregateCluster) was added first, so it has run when this resolves.
      const reported = nextMessage(w, 'loadline.monitor.report');
      w.send({ cmd: 'tick' });
      return reported;
    }),
  );
}

interface ClusterJson {
  workers: Array<{ pid: number; reportedAt: number; runtime: RuntimeSample }>;
  summary: ClusterRuntimeSummary;
}

test("with node:cluster, the primary's JSON endpoints carry each live worker's runtime figures by pid, and drop a worker that exited", async () => {
  const primary = new Monitor({ runtime: false });
  const aggregation = aggregateCluster(primary);
  const { url, close } = await serveMonitor(primary);
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./clusterWorker.test-kit.js', import.meta.url)), silent: true });
  // One worker holds 40 MB more heap: the figures must be each worker's own, not one copied.
  const workers = [0, 40].map((mb) => cluster.fork({ LOADLINE_TEST_MODE: 'stay', LOADLINE_TEST_HOLD_MB: String(mb) }));
  const exits = workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
  try {
    await Promise.all(workers.map((w) => nextMessage(w, 'ready')));
    await reportOnce(workers);
    primary.tick();
    const pids = workers.map((w) => w.process.pid!);
    const { sample } = (await (await fetch(`${url}/api/monitoring/metrics`)).json()) as { sample: { cluster: ClusterJson } };
    const view = sample.cluster;
    assert.deepEqual(view.workers.map((w) => w.pid), [...pids].sort((a, b) => a - b));
    const byPid = new Map(view.workers.map((w) => [w.pid, w.runtime]));
    for (const pid of pids) {
      const r = byPid.get(pid)!;
      assert.ok(r.heapUsedBytes > 1e6 && r.rssBytes > r.heapUsedBytes, `${pid}: heap ${r.heapUsedBytes}, rss ${r.rssBytes}`);
      for (const figure of [r.eventLoopDelay.p99, r.eventLoopUtilization, r.cpuPercent, r.gc.pauseMs]) assert.ok(Number.isFinite(figure) && figure >= 0, `${pid}: ${figure}`);
    }
    const light = byPid.get(pids[0]!)!;
    const heavy = byPid.get(pids[1]!)!;
    assert.ok(heavy.heapUsedBytes > light.heapUsedBytes + 30e6, `heavy ${heavy.heapUsedBytes} vs light ${light.heapUsedBytes}`);
    assert.equal(view.summary.workers, 2);
    assert.equal(view.summary.rssBytes, light.rssBytes + heavy.rssBytes);
    assert.equal(view.summary.heapUsedBytes, light.heapUsedBytes + heavy.heapUsedBytes);
    assert.equal(view.summary.eventLoopDelayP99MaxMs, Math.max(light.eventLoopDelay.p99, heavy.eventLoopDelay.p99));
    const stats = (await (await fetch(`${url}/api/performance/stats`)).json()) as { cluster: ClusterJson };
    assert.deepEqual(stats.cluster.workers.map((w) => w.pid).sort(), [...pids].sort());

    workers[1]!.send({ cmd: 'exit' });
    await exits[1];
    await reportOnce([workers[0]!]);
    primary.tick();
    const after = (await (await fetch(`${url}/api/monitoring/metrics`)).json()) as { sample: { cluster: ClusterJson } };
    assert.deepEqual(after.sample.cluster.workers.map((w) => w.pid), [pids[0]]);
    assert.equal(after.sample.cluster.summary.workers, 1);
    const statsAfter = (await (await fetch(`${url}/api/performance/stats`)).json()) as { cluster: ClusterJson };
    assert.deepEqual(statsAfter.cluster.workers.map((w) => w.pid), [pids[0]]);
    assert.doesNotMatch(await (await fetch(`${url}/metrics`)).text(), new RegExp(`pid="${pids[1]}"`));
  } finally {
    for (const w of workers) if (w.isConnected()) w.send({ cmd: 'exit' });
    await Promise.all(exits);
    aggregation.stop();
    await close();
    await primary.stop();
  }
});

test('a worker silent for longer than staleAfterMs drops out of the view and the gauges; stop() detaches the view', () => {
  const clock = new FakeClock();
  const primary = new Monitor({ runtime: false, clock });
  const transport = new EventEmitter();
  const aggregation = aggregateCluster(primary, transport as never, { staleAfterMs: 5_000 });
  const worker = new Monitor({ runtime: true, intervalMs: 3_600_000, historyWindowMs: 3_600_000 });
  const pids = [301, 302];
  try {
    for (const pid of pids) {
      const off = reportToPrimary(worker, (report) => transport.emit('message', {}, { ...(JSON.parse(JSON.stringify(report)) as WorkerReport), pid }));
      worker.tick();
      off();
      clock.advance(3_000);
    }
    // 301 reported 6 s ago, 302 3 s ago
    const view = primary.tick().cluster!;
    assert.deepEqual(view.workers.map((w) => w.pid), [302]);
    assert.equal(view.workers[0]!.reportedAt, clock.wallNow() - 3_000);
    assert.ok(view.workers[0]!.runtime!.heapUsedBytes > 1e6);
    assert.doesNotMatch(primary.renderPrometheus(), /pid="301"/);
    assert.match(primary.renderPrometheus(), /loadline_worker_heap_used_bytes\{pid="302"\}/);
    clock.advance(2_001);
    assert.deepEqual(aggregation.view().workers, []);
    assert.equal(aggregation.view().summary.slowestPid, null);
    aggregation.stop();
    assert.equal(primary.tick().cluster, undefined);
    assert.equal(primary.cluster(), undefined);
  } finally {
    aggregation.stop();
    void worker.stop();
    void primary.stop();
  }
});

test('bad cluster options are rejected with the field named, before anything is attached', () => {
  const primary = new Monitor({ runtime: false });
  const transport = new EventEmitter();
  try {
    assert.throws(() => aggregateCluster(primary, transport as never, { staleAfterMs: 0 }), /staleAfterMs.*0/s);
    assert.throws(() => aggregateCluster(primary, transport as never, { staleAfterMs: '5s' as never }), /staleAfterMs/);
    assert.throws(() => aggregateCluster(primary, transport as never, { staleAfter: 5 } as never), /staleAfter/);
    assert.equal(transport.listenerCount('message'), 0);
    assert.equal(transport.listenerCount('exit'), 0);
  } finally {
    void primary.stop();
  }
});
