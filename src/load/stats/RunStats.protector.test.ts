import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Growing WebAssembly memory detaches its ArrayBuffer, which invalidates V8's ArrayBufferDetaching
// protector for the rest of the process: every typed-array access in node's socket and stream code
// then checks for a detached buffer (the monitor measured +763 instructions per request). A child
// node traces protector invalidations while it runs real loads against a loopback server in the
// same process: quick mode with thresholds on names and statuses and a 100 ms series, then a
// scenario with custom trend metrics over two worker threads (their snapshots merged here).
const load = new URL('../index.js', import.meta.url).href;
const core = new URL('../../core/index.js', import.meta.url).href;
const scenario = fileURLToPath(new URL('../../../test/fixtures/scenarios/custom-metrics.yaml', import.meta.url));

function runChild(control: boolean) {
  const script = `
    const { createServer } = await import('node:http');
    const { runLoad, startWorkers } = await import(${JSON.stringify(load)});
    const { Histogram } = await import(${JSON.stringify(core)});
    let n = 0;
    const server = createServer((req, res) => {
      // Latencies over three decades, so the histograms allocate buckets through the run.
      const delay = n++ % 50 === 0 ? 1 + (n % 40) : 0;
      setTimeout(() => res.writeHead(req.url === '/broken' ? 503 : 200).end('{"ok":true}'), delay);
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const origin = 'http://127.0.0.1:' + server.address().port;
    const quick = await runLoad({
      url: origin + '/hello', vus: 8, amount: 4000, intervalMs: 100,
      thresholds: ['http_req_duration:p(99)<5000', 'http_req_duration{status:200}:p(95)<5000', 'http_req_duration{name:GET /hello}:avg<5000'],
      // The control: one WASM histogram in the generator, as the engine recorded before.
      onEnd: ${control} ? (stats) => Histogram.decode(stats.total.latency.encode()).destroy() : undefined,
    });
    const workers = await (await startWorkers({ workers: 2, scenario: { file: ${JSON.stringify(scenario)}, target: origin }, vus: 2, amount: 300, intervalMs: 100, thresholds: ['http_req_duration:p(95)<5000'] })).result;
    console.log('requests', quick.summary.total.requests, workers.summary.total.requests, Object.keys(workers.summary.metrics ?? {}).length > 0);
    server.close();`;
  // A file, not --eval: worker threads inherit the child's flags, and --input-type fails them.
  const dir = mkdtempSync(join(tmpdir(), 'loadline-protector-'));
  try {
    writeFileSync(join(dir, 'run.mjs'), script);
    return spawnSync(process.execPath, ['--trace-protector-invalidation', join(dir, 'run.mjs')], { encoding: 'utf8', timeout: 120_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a load run grows no WebAssembly memory: V8\'s ArrayBufferDetaching protector stays intact in the generator and its workers', () => {
  const child = runChild(false);
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /requests 4000 900 true/);
  assert.doesNotMatch(child.stdout, /ArrayBufferDetaching/);
});

test('the protector check can fail: the same run with one WASM histogram in the generator invalidates it', () => {
  const child = runChild(true);
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /requests 4000 900 true/);
  assert.match(child.stdout, /Invalidating protector cell ArrayBufferDetaching/);
});
