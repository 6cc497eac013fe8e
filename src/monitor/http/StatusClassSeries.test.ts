import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpMetrics } from './HttpMetrics.js';
import { PrometheusRegistry } from '../exposition/PrometheusRegistry.js';

/** The exposition written the plain way, from `read()`: what the byte rendering must equal. */
function reference(http: HttpMetrics): string {
  const f = http.read();
  if (f.type !== 'histogram' || f.samples.length === 0) return '';
  const le = [...f.bounds.map(String), '+Inf'];
  let out = `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} histogram\n`;
  for (const s of f.samples) {
    const labels = `method="${s.labels.method}",route="${s.labels.route}",status_code="${s.labels.status_code}"`;
    let cumulative = 0;
    s.counts.forEach((c, i) => {
      cumulative += c;
      out += `${f.name}_bucket{${labels},le="${le[i]}"} ${cumulative}\n`;
    });
    out += `${f.name}_sum{${labels}} ${s.sum.toFixed(6)}\n${f.name}_count{${labels}} ${s.count}\n`;
  }
  return out;
}

test('rendered bytes equal the plain rendering through in-place updates, digit growth and idle series', () => {
  const http = new HttpMetrics();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const routes = ['/a', '/b/:id', '/c'];
  // counts cross 9 -> 10, 99 -> 100 and 999 -> 1000, so some renders update in place and some lay out again
  for (let step = 0; step < 60; step++) {
    const n = step < 20 ? 1 : step < 40 ? 7 : 53;
    for (let i = 0; i < n; i++) {
      const route = routes[Math.floor(random() * (step % 5 === 0 ? 1 : 3))]!;
      http.record(random() < 0.8 ? 'GET' : 'POST', route, random() < 0.9 ? 200 : 503, random() ** 4 * 3000);
    }
    assert.equal(http.render(), reference(http), `step ${step}`);
  }
  http.destroy();
});

test('a sum is written to the microsecond, and as String(sum) once past that range', () => {
  const http = new HttpMetrics();
  http.record('GET', '/a', 200, 3);
  http.record('GET', '/a', 200, 12_345.6785);
  assert.match(http.render(), /_sum\{method="GET",route="\/a",status_code="2xx"\} 12\.348679\n/);
  http.applyDelta({ inFlight: 0, routes: [{ method: 'GET', route: '/a', hdr: '', requests: 0, errors: 0, classes: [{ cls: 2, counts: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], sum: 1e13 }] }] });
  assert.match(http.render(), /_sum\{method="GET",route="\/a",status_code="2xx"\} 10000000000012\.35\n/);
  assert.match(http.render(), /_count\{method="GET",route="\/a",status_code="2xx"\} 3\n/);
  http.destroy();
});

test('route labels outside ASCII come out as UTF-8, escaped as the text rendering escapes them', () => {
  const registry = new PrometheusRegistry();
  const http = new HttpMetrics();
  registry.addFamily(http);
  http.record('GET', '/café/"x"', 200, 1);
  const bytes = registry.renderBytes();
  assert.equal(bytes.toString('utf8'), registry.render());
  assert.equal(bytes.length, Buffer.byteLength(registry.render()));
  assert.match(bytes.toString('utf8'), /route="\/café\/\\"x\\""/);
  http.destroy();
});
