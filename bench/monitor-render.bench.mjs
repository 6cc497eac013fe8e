// Rendering /metrics for 750 histogram series (50 routes x 3 methods x 5 status classes):
// loadline's fixed-bucket exposition against prom-client's registry.metrics(), in CPU ms per
// render (the event loop is blocked for that long), up to the bytes the response writes: loadline
// renders bytes (what /metrics sends); prom-client's string is measured with one UTF-8 pass
// (Buffer.byteLength; writing it costs another, not counted). loadline reuses the bytes of series
// that took no request since the last scrape, so it is measured both unchanged and with all 750
// changed (the requests recorded before each render are not timed). /metrics joins them into a
// buffer reused across scrapes (leasePrometheusBytes, released as a response closes); the
// "fresh buffer" rows are renderPrometheusBytes, which allocates one per call (what /metrics did
// before), to show what the reuse saves: mostly the page faults of a fresh megabyte (system CPU).
// Usage: node --expose-gc bench/monitor-render.bench.mjs
import client from 'prom-client';
import { compare } from './lib/compare.mjs';
import { Monitor } from '../dist/monitor/index.js';

const ROUTES = 50;
const METHODS = ['GET', 'POST', 'PUT'];
const STATUSES = [101, 200, 302, 404, 500];

const monitor = new Monitor({ runtime: false, builtinChecks: false });
const registry = new client.Registry();
const histogram = new client.Histogram({ name: 'http_request_duration_seconds', help: 'Request duration.', labelNames: ['method', 'route', 'status_code'], registers: [registry] });
for (let r = 0; r < ROUTES; r++) {
  for (const m of METHODS) {
    for (const s of STATUSES) {
      for (let i = 0; i < 20; i++) {
        const ms = 1 + ((r * 7 + i * 13) % 400);
        monitor.http.record(m, `/api/resource${r}/:id`, s, ms);
        histogram.observe({ method: m, route: `/api/resource${r}/:id`, status_code: `${String(s)[0]}xx` }, ms / 1000);
      }
    }
  }
}
function touchAll() {
  for (let r = 0; r < ROUTES; r++) for (const m of METHODS) for (const s of STATUSES) monitor.http.record(m, `/api/resource${r}/:id`, s, 7);
}
const ours = monitor.renderPrometheusBytes().toString();
if (ours !== monitor.renderPrometheus()) throw new Error('renderPrometheusBytes and renderPrometheus differ');
const firstLease = monitor.leasePrometheusBytes();
if (firstLease.bytes.toString() !== ours) throw new Error('leasePrometheusBytes and renderPrometheusBytes differ');
firstLease.release();
const theirs = await registry.metrics();
const seriesOf = (text) => text.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_count')).length;
console.log(`series: loadline ${seriesOf(ours)}, prom-client ${seriesOf(theirs)}; bytes: loadline ${ours.length}, prom-client ${theirs.length}`);

async function cpuMsPerRender(render, prepare = () => {}, n = 30) {
  for (let i = 0; i < 3; i++) {
    prepare();
    await render();
  }
  let us = 0;
  for (let i = 0; i < n; i++) {
    prepare();
    const before = process.cpuUsage();
    await render();
    const c = process.cpuUsage(before);
    us += c.user + c.system;
  }
  return us / 1000 / n;
}

const leased = () => {
  const lease = monitor.leasePrometheusBytes();
  const n = lease.bytes.length;
  lease.release();
  return n;
};
const fresh = () => monitor.renderPrometheusBytes().length;
const promClient = { name: 'prom-client registry.metrics', run: () => cpuMsPerRender(async () => Buffer.byteLength(await registry.metrics())) };
await compare({
  title: '/metrics render, 750 series, unchanged since the last scrape',
  unit: 'CPU ms per render',
  higherIsBetter: false,
  repeats: 7,
  contenders: [
    { name: 'loadline, reused buffer', run: () => cpuMsPerRender(leased) },
    { name: 'loadline, fresh buffer', run: () => cpuMsPerRender(fresh) },
    promClient,
  ],
});
// A scrape after traffic on every series: each of the 750 takes one request first, so none reuses its bytes.
await compare({
  title: '/metrics render, 750 series, every series changed',
  unit: 'CPU ms per render',
  higherIsBetter: false,
  repeats: 7,
  contenders: [
    { name: 'loadline, reused buffer', run: () => cpuMsPerRender(leased, touchAll) },
    { name: 'loadline, fresh buffer', run: () => cpuMsPerRender(fresh, touchAll) },
    promClient,
  ],
});
await monitor.stop();
