// Rendering /metrics for 750 histogram series (50 routes x 3 methods x 5 status classes):
// loadline's fixed-bucket exposition against prom-client's registry.metrics(), in CPU ms per
// render (the event loop is blocked for that long). loadline reuses the text of series that took no
// request since the last scrape, so it is measured both unchanged and with all 750 changed. Usage: node --expose-gc bench/monitor-render.bench.mjs
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
const ours = monitor.renderPrometheus();
const theirs = await registry.metrics();
const seriesOf = (text) => text.split('\n').filter((l) => l.startsWith('http_request_duration_seconds_count')).length;
console.log(`series: loadline ${seriesOf(ours)}, prom-client ${seriesOf(theirs)}; bytes: loadline ${ours.length}, prom-client ${theirs.length}`);

async function cpuMsPerRender(render, n = 30) {
  for (let i = 0; i < 3; i++) await render();
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await render();
  const c = process.cpuUsage(before);
  return (c.user + c.system) / 1000 / n;
}

await compare({
  title: '/metrics render, 750 series',
  unit: 'CPU ms per render',
  higherIsBetter: false,
  repeats: 7,
  contenders: [
    // Buffer.byteLength flattens V8's string rope, as writing the response does, so both pay for the full text.
    { name: 'loadline renderPrometheus', run: () => cpuMsPerRender(() => Buffer.byteLength(monitor.renderPrometheus())) },
    // A scrape after traffic on every series: each of the 750 takes one request first, so none reuses its text.
    { name: 'loadline, every series changed', run: () => cpuMsPerRender(() => { touchAll(); return Buffer.byteLength(monitor.renderPrometheus()); }) },
    { name: 'prom-client registry.metrics', run: () => cpuMsPerRender(async () => Buffer.byteLength(await registry.metrics())) },
  ],
});
await monitor.stop();
