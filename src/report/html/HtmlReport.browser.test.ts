import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../core/chromium.test-kit.js';
import { parseResult, type RunResult } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import type { CapacityLadder } from './CapacityLadder.js';
import { renderHtmlReport } from './HtmlReport.js';
import { countColouredPixels, decodePng } from './PngPixels.js';
import { formatMs, formatPercent, formatRate } from './ReportTables.js';

let browser: Browser;

const result: RunResult = parseResult(
  JSON.stringify(
    syntheticResult({
      seed: 11,
      durationS: 20,
      errorRate: 0.03,
      server: true,
      thresholds: ['http_req_duration:p(95)<1000', 'http_req_failed:rate<0.01'],
      endpoints: [{ name: 'GET /users' }, { name: 'POST /orders', latencyScale: 3, weight: 0.4 }, { name: 'GET /<script>' }],
    }),
  ),
  'fixture.json',
);

const ladder: CapacityLadder = {
  unit: 'rate',
  steps: [100, 200, 300, 400].map((offered, i) => ({ offered, achievedRps: Math.min(offered, 320), avgMs: 10 + i * 20, p95Ms: 20 + i * 60, p99Ms: 30 + i * 90, errorRate: i === 3 ? 0.05 : 0, ok: i < 2 })),
  maxSustainable: { rate: 200 },
  breakingPoint: { rate: 400, reason: 'throughput stopped rising' },
  slos: ['http_req_duration:p(95)<127'],
};

async function open(html: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(html, { waitUntil: 'load' });
  await page.waitForSelector('body[data-charts-ready]', { timeout: 10_000 });
  return { page, errors, requests };
}

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('the report loads offline with no console errors and draws every chart', async () => {
  const { page, errors, requests } = await open(renderHtmlReport(result, { capacity: ladder }));
  try {
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:')), [], 'the page fetched nothing');
    const ids = await page.$$eval('[data-chart]', (els) => els.map((e) => e.id));
    assert.deepEqual(ids, [
      'chart-rps', 'chart-latency', 'chart-errors', 'chart-percentiles',
      'chart-server-eventloop', 'chart-server-cpu', 'chart-server-memory', 'chart-server-gc',
      'chart-capacity-throughput', 'chart-capacity-latency',
    ]);
    assert.equal(await page.getAttribute('body', 'data-charts-ready'), String(ids.length));
    for (const id of ids) {
      // The plotting area (uPlot's .u-over) excludes axes and labels: only drawn series are coloured there.
      const area = page.locator(`#${id} .u-over`);
      const png = await area.screenshot();
      const pixels = decodePng(png);
      const coloured = countColouredPixels(pixels);
      assert.ok(coloured > 100, `${id}: only ${coloured} coloured pixels in a ${pixels.width}x${pixels.height} plot area`);
    }
  } finally {
    await page.close();
  }
});

test('the tables match the result JSON', async () => {
  const { page, errors } = await open(renderHtmlReport(result, { capacity: ladder }));
  try {
    assert.deepEqual(errors, []);
    const table = (id: string) => page.$$eval(`[data-testid="${id}"] tbody tr`, (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const endpoints = await table('endpoints');
    const expected = [...result.summary.endpoints, result.summary.total].map((e) => [
      e.name, String(e.requests), formatRate(e.rps), formatMs(e.latency.mean), formatMs(e.latency.p50), formatMs(e.latency.p95), formatMs(e.latency.p99), formatMs(e.latency.max), formatPercent(e.errors.total / e.requests),
    ]);
    assert.deepEqual(endpoints, expected);
    assert.ok(endpoints.some((r) => r[0] === 'GET /<script>'), 'names are escaped, not injected');

    const thresholds = await table('thresholds');
    assert.deepEqual(thresholds.map((r) => [r[0], r[3]]), result.thresholds.map((t) => [t.expression, t.ok ? 'pass' : 'fail']));
    assert.equal(await page.textContent('[data-testid="verdict"]'), 'failed');

    const errorsByKind = await table('errors');
    const byKind = Object.entries(result.summary.total.errors.byKind).filter(([, n]) => n > 0);
    assert.deepEqual(errorsByKind.map((r) => [r[0], Number(r[1])]), byKind);
    assert.equal(await page.textContent('[data-fact="target"]'), result.config.target);

    const capacity = await table('capacity');
    assert.deepEqual(capacity.map((r) => Number(r[0])), [100, 200, 300, 400]);
    assert.equal(await page.textContent('[data-testid="max-sustainable"]'), '200.0');
  } finally {
    await page.close();
  }
});

test('a result without server series or capacity leaves those sections out and still renders', async () => {
  const plain = syntheticResult({ seed: 2, durationS: 5, model: 'closed' });
  const { page, errors } = await open(renderHtmlReport(plain));
  try {
    assert.deepEqual(errors, []);
    assert.equal(await page.$('#server'), null);
    assert.equal(await page.$('#capacity'), null);
    assert.equal(await page.$('#metrics'), null, 'no checks, no custom metrics: no section');
    assert.equal(await page.getAttribute('body', 'data-charts-ready'), '4');
    assert.equal(await page.textContent('[data-testid="verdict"]'), 'passed');
  } finally {
    await page.close();
  }
});

test('a result with no series points (an aborted run) renders with "No data." instead of charts', async () => {
  const aborted = syntheticResult({ seed: 3, durationS: 2 });
  aborted.status = 'aborted';
  aborted.series.points = [];
  const { page, errors } = await open(renderHtmlReport(parseResult(JSON.stringify(aborted), 'aborted.json'), { capacity: { unit: 'vus', steps: [] } }));
  try {
    assert.deepEqual(errors, []);
    assert.equal(await page.textContent('#chart-rps'), 'No data.');
    assert.equal(await page.textContent('[data-testid="verdict"]'), 'aborted');
    assert.equal(await page.getAttribute('body', 'data-charts-ready'), '1', 'only the percentile curve');
  } finally {
    await page.close();
  }
});

test('checks and custom metrics are listed, tagged series under their metric, names escaped', async () => {
  const withMetrics = syntheticResult({ seed: 4, durationS: 10 });
  withMetrics.summary.total.bytesReceived = 2_500_000;
  withMetrics.summary.total.bytesSent = 31_000;
  withMetrics.summary.checks = { passes: 98, fails: 2, rate: 0.98 };
  const latency = { min: 1, mean: 12, stdev: 3, p50: 11, p90: 15, p95: 17, p99: 22, p999: 30, max: 41 };
  withMetrics.summary.metrics = {
    api_errors: { type: 'counter', value: 20, count: 20 },
    api_time: { type: 'trend', value: 12, count: 9, latency, seriesOverflow: 3 },
    'api_time{endpoint:<login>}': { type: 'trend', value: 12, count: 6, latency, metric: 'api_time', tags: { endpoint: '<login>' } },
    queue: { type: 'gauge', value: 4, count: 5, min: 1, max: 9 },
  };
  const { page, errors } = await open(renderHtmlReport(parseResult(JSON.stringify(withMetrics), 'metrics.json')));
  try {
    assert.deepEqual(errors, []);
    const rows = await page.$$eval('[data-testid="metrics"] tbody tr', (trs) => trs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    assert.deepEqual(rows, [
      ['checks', 'rate', '100', '98.00% (98 passed, 2 failed)'],
      ['api_errors', 'counter', '20', '20 total, 2.0/s'],
      ['api_time', 'trend', '9', 'avg 12.00, p50 11.00, p95 17.00, p99 22.00, max 41.00; 3 samples past the series cap'],
      ['endpoint:<login>', 'trend', '6', 'avg 12.00, p50 11.00, p95 17.00, p99 22.00, max 41.00'],
      ['queue', 'gauge', '5', 'last 4, min 1, max 9'],
    ]);
    assert.equal(await page.textContent('[data-fact="data received / sent"]'), '2.5 MB / 31.0 kB');
  } finally {
    await page.close();
  }
});
