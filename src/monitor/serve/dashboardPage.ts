import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { QUERIES_PANEL_HTML, QUERIES_PANEL_SCRIPT, QUERIES_PANEL_STYLE } from './dashboardQueriesPanel.js';

/**
 * The live dashboard: one self-contained HTML page (uPlot and its CSS inlined from the installed
 * `uplot` package, read at run time; no CDN) that follows `/loadline/events` (server-sent events)
 * and polls `/loadline/health`. URLs are relative, so the page works wherever the monitor is
 * mounted and behind `loadline dashboard`'s proxy. It never reads a token: the browser
 * authenticates with the session cookie (`DashboardSession`), the proxy with its bearer header.
 * On a node:cluster primary (samples with a `cluster` view) it adds a table of the workers'
 * runtime figures, one row per pid with a sum/max row, and a chart of the cluster's totals.
 * With a query monitor attached, a Queries panel (`dashboardQueriesPanel.ts`).
 */
let cached: string | undefined;
let cachedCsp: string | undefined;

/** `'sha256-…'` of each inline `<script>` and `<style>` block of `html`, for a CSP without 'unsafe-inline'. */
export function inlineHashes(html: string, tag: 'script' | 'style'): string {
  const hashes = [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
  return hashes.length ? hashes.join(' ') : "'none'";
}

/**
 * The dashboard's Content-Security-Policy: its own inline code only (by hash), data from its own
 * origin, no framing, no plugins, no base or form targets elsewhere.
 */
export function dashboardCsp(): string {
  if (cachedCsp !== undefined) return cachedCsp;
  const html = dashboardHtml();
  cachedCsp = `default-src 'none'; script-src ${inlineHashes(html, 'script')}; style-src ${inlineHashes(html, 'style')}; img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
  return cachedCsp;
}

export function dashboardHtml(): string {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8').replace(/<\/script/gi, '<\\/script');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  cached = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>loadline monitor</title>
<link rel="icon" href="data:,">
<style>${css}
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{display:flex;gap:16px;align-items:center;padding:10px 18px;background:#1d232b;color:#fff}
header h1{font-size:17px;margin:0;font-weight:600}
.pill{padding:2px 10px;border-radius:10px;background:#667;font-size:12px}
.pill.healthy,.pill.live{background:#1f883d}.pill.degraded{background:#bf8700}.pill.unhealthy,.pill.down{background:#cf222e}
main{padding:14px 18px;display:grid;gap:14px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:10px}
.kpi{background:#fff;border-radius:6px;padding:8px 12px;box-shadow:0 1px 2px #0002}
.kpi b{display:block;font-size:21px;font-variant-numeric:tabular-nums}.kpi span{color:#57606a;font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:14px}
.card{background:#fff;border-radius:6px;padding:8px 12px;box-shadow:0 1px 2px #0002;overflow:auto}
.card h2{font-size:14px;margin:2px 0 8px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child,td.l,th.l{text-align:left}
.warning{color:#9a6700;font-weight:600}.critical{color:#cf222e;font-weight:600}.fail{color:#cf222e}.pass{color:#1f883d}
.empty{color:#8c959f}
tr.sum td{font-weight:600;border-top:2px solid #d0d7de}${QUERIES_PANEL_STYLE}
</style></head>
<body>
<header><h1>loadline monitor</h1><span id="health" class="pill">health …</span><span id="conn" class="pill">connecting</span><span id="updated"></span></header>
<main>
<section class="kpis" id="kpis"></section>
<section class="charts" id="charts"></section>
<section class="charts">
<div class="card"><h2>Routes (last interval)</h2><table id="routes"><thead><tr><th class="l">route</th><th>rps</th><th>p95 ms</th><th>p99 ms</th><th>errors</th></tr></thead><tbody></tbody></table></div>
<div class="card" id="workers-card" hidden><h2>Workers (node:cluster, last report)</h2><table id="workers"><thead><tr><th class="l">pid</th><th>event-loop p99 ms</th><th>utilization %</th><th>CPU %</th><th>heap MB</th><th>RSS MB</th><th>GC ms</th><th>age s</th></tr></thead><tbody></tbody></table></div>
<div class="card"><h2>Active alerts</h2><table id="alerts"><tbody></tbody></table><h2>SLOs</h2><table id="slos"><tbody></tbody></table></div>
<div class="card"><h2>Health checks</h2><table id="checks"><tbody></tbody></table></div>
<div class="card"><h2>Components</h2><table id="components"><tbody></tbody></table></div>
</section>
${QUERIES_PANEL_HTML}
</main>
<script>${js}</script>
<script>
(function () {
  'use strict';
  var MAX = 600;
  var KPIS = [
    ['rps', 'requests/s', function (s) { return s.http.rps.toFixed(1); }],
    ['p95', 'p95 latency ms', function (s) { return s.http.latency.p95.toFixed(1); }],
    ['p99', 'p99 latency ms', function (s) { return s.http.latency.p99.toFixed(1); }],
    ['errors', 'error rate %', function (s) { return (100 * s.http.errorRate).toFixed(2); }],
    ['inflight', 'in flight', function (s) { return String(s.http.inFlight); }],
    ['eld', 'event-loop delay p99 ms', function (s) { return s.runtime ? s.runtime.eventLoopDelay.p99.toFixed(1) : '–'; }],
    ['elu', 'event-loop utilization %', function (s) { return s.runtime ? (100 * s.runtime.eventLoopUtilization).toFixed(1) : '–'; }],
    ['cpu', 'CPU %', function (s) { return s.runtime ? s.runtime.cpuPercent.toFixed(1) : '–'; }],
    ['heap', 'heap used MB', function (s) { return s.runtime ? (s.runtime.heapUsedBytes / 1e6).toFixed(1) : '–'; }],
    ['gc', 'GC pause ms', function (s) { return s.runtime ? s.runtime.gc.pauseMs.toFixed(1) : '–'; }],
    ['leak', 'heap growth MB/h', function (s) { return s.leak && s.leak.samples >= 3 ? s.leak.slopeMbPerHour.toFixed(1) : '–'; }],
    ['workers', 'cluster workers', function (s) { return s.cluster ? String(s.cluster.workers.length) : '–'; }]
  ];
  var kpis = document.getElementById('kpis');
  KPIS.forEach(function (k) {
    var d = document.createElement('div'); d.className = 'kpi';
    d.innerHTML = '<b id="kpi-' + k[0] + '">–</b><span>' + k[1] + '</span>';
    kpis.appendChild(d);
  });
  var CHARTS = [
    ['Throughput (req/s)', ['rps', 'errors/s'], function (s) { return [s.http.rps, s.http.errors * 1000 / s.intervalMs]; }],
    ['Latency (ms)', ['p50', 'p95', 'p99'], function (s) { return [s.http.latency.p50, s.http.latency.p95, s.http.latency.p99]; }],
    ['Event loop', ['delay p99 ms', 'utilization %'], function (s) { return s.runtime ? [s.runtime.eventLoopDelay.p99, 100 * s.runtime.eventLoopUtilization] : [null, null]; }],
    ['Memory (MB)', ['heap used', 'heap total', 'rss'], function (s) { return s.runtime ? [s.runtime.heapUsedBytes / 1e6, s.runtime.heapTotalBytes / 1e6, s.runtime.rssBytes / 1e6] : [null, null, null]; }],
    ['CPU and GC', ['CPU %', 'GC pause ms'], function (s) { return s.runtime ? [s.runtime.cpuPercent, s.runtime.gc.pauseMs] : [null, null]; }]
  ];
  var COLORS = ['#0969da', '#cf222e', '#8250df', '#1f883d'];
  var data = CHARTS.map(function (c) { return [[]].concat(c[1].map(function () { return []; })); });
  var plots = CHARTS.map(function (c, i) {
    var card = document.createElement('div'); card.className = 'card';
    card.innerHTML = '<h2>' + c[0] + '</h2>';
    document.getElementById('charts').appendChild(card);
    var width = Math.max(360, card.clientWidth - 24);
    return new uPlot({ width: width, height: 200, series: [{}].concat(c[1].map(function (label, j) { return { label: label, stroke: COLORS[j], width: 1.5 }; })), axes: [{}, {}] }, data[i], card);
  });
  // The cluster chart exists only once a sample carries a cluster view (a node:cluster primary).
  var CLUSTER = ['Workers (sum, worst)', ['event-loop p99 max ms', 'CPU % sum', 'RSS MB sum', 'heap MB sum'], function (c) { var m = c.summary; return [m.eventLoopDelayP99MaxMs, m.cpuPercent, m.rssBytes / 1e6, m.heapUsedBytes / 1e6]; }];
  var clusterData = [[], [], [], [], []];
  var clusterPlot = null;
  function addCluster(sample, redraw) {
    if (!sample.cluster) return;
    if (!clusterPlot) {
      var card = document.createElement('div'); card.className = 'card'; card.id = 'workers-chart';
      card.innerHTML = '<h2>' + CLUSTER[0] + '</h2>';
      document.getElementById('charts').appendChild(card);
      clusterPlot = new uPlot({ width: Math.max(360, card.clientWidth - 24), height: 200, series: [{}].concat(CLUSTER[1].map(function (label, j) { return { label: label, stroke: COLORS[j], width: 1.5 }; })), axes: [{}, {}] }, clusterData, card);
    }
    clusterData[0].push(sample.t / 1000);
    CLUSTER[2](sample.cluster).forEach(function (v, j) { clusterData[j + 1].push(v); });
    if (clusterData[0].length > MAX) clusterData.forEach(function (a) { a.shift(); });
    if (redraw) clusterPlot.setData(clusterData);
  }
  function fixed(v, digits) { return v === null || v === undefined ? '–' : v.toFixed(digits); }
  function workerCells(r) {
    return r ? [fixed(r.eventLoopDelay.p99, 1), fixed(100 * r.eventLoopUtilization, 1), fixed(r.cpuPercent, 1), fixed(r.heapUsedBytes / 1e6, 1), fixed(r.rssBytes / 1e6, 1), fixed(r.gc.pauseMs, 1)] : ['–', '–', '–', '–', '–', '–'];
  }
  function showWorkers(s) {
    var c = s.cluster;
    document.getElementById('workers-card').hidden = !c;
    if (!c) return;
    var html = c.workers.map(function (w) {
      return '<tr data-pid="' + w.pid + '"><td>' + w.pid + '</td><td>' + workerCells(w.runtime).join('</td><td>') + '</td><td>' + fixed(Math.max(0, s.t - w.reportedAt) / 1000, 1) + '</td></tr>';
    }).join('');
    var m = c.summary;
    if (c.workers.length) html += '<tr class="sum"><td>all ' + m.workers + '</td><td>max ' + fixed(m.eventLoopDelayP99MaxMs, 1) + '</td><td>max ' + fixed(100 * m.eventLoopUtilizationMax, 1) + '</td><td>' + fixed(m.cpuPercent, 1) + '</td><td>' + fixed(m.heapUsedBytes / 1e6, 1) + '</td><td>' + fixed(m.rssBytes / 1e6, 1) + '</td><td>' + fixed(m.gcPauseMs, 1) + '</td><td></td></tr>';
    rows('workers', html, 'no live workers');
  }
  function esc(v) { return String(v).replace(/[&<>"]/g, function (ch) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[ch]; }); }
  function rows(id, html, empty) { document.querySelector('#' + id + ' tbody').innerHTML = html || '<tr><td class="empty">' + empty + '</td></tr>'; }
  function add(sample, redraw) {
    CHARTS.forEach(function (c, i) {
      var d = data[i];
      d[0].push(sample.t / 1000);
      c[2](sample).forEach(function (v, j) { d[j + 1].push(v); });
      if (d[0].length > MAX) d.forEach(function (a) { a.shift(); });
      if (redraw) plots[i].setData(d);
    });
    addCluster(sample, redraw);
  }
  function show(s) {
    KPIS.forEach(function (k) { document.getElementById('kpi-' + k[0]).textContent = k[2](s); });
    rows('routes', s.http.routes.map(function (r) { return '<tr><td>' + esc(r.method + ' ' + r.route) + '</td><td>' + r.rps.toFixed(1) + '</td><td>' + r.p95.toFixed(1) + '</td><td>' + r.p99.toFixed(1) + '</td><td>' + r.errors + '</td></tr>'; }).join(''), 'no requests in the last interval');
    rows('alerts', s.alerts.map(function (a) { return '<tr><td class="' + a.level + '">' + esc(a.level) + '</td><td class="l">' + esc(a.name) + '</td><td class="l">' + esc(a.expression) + '</td></tr>'; }).join(''), 'none');
    rows('slos', s.slos.map(function (o) { return '<tr><td>' + esc(o.name) + '</td><td>SLI ' + (100 * o.sli).toFixed(3) + ' %</td><td>budget ' + (100 * o.errorBudgetRemaining).toFixed(1) + ' %</td><td>burn ' + o.burnRate.toFixed(2) + '</td></tr>'; }).join(''), 'none');
    // JSON carries a gauge's NaN or infinity as null (the Prometheus text has the real value).
    rows('components', Object.keys(s.metrics).map(function (k) { var v = s.metrics[k]; return '<tr><td>' + esc(k) + '</td><td>' + (v === null ? 'NaN/±Inf' : esc(+v.toFixed(4))) + '</td></tr>'; }).join(''), 'no component metrics registered');
    showWorkers(s);
    document.getElementById('updated').textContent = 'updated ' + new Date(s.t).toLocaleTimeString();
  }
  var conn = document.getElementById('conn');
  function signedOut() { conn.textContent = 'signed out: reload to sign in'; conn.className = 'pill down'; }
  var events = new EventSource('./loadline/events');
  events.addEventListener('history', function (e) {
    var list = JSON.parse(e.data);
    data.forEach(function (d) { d.forEach(function (a) { a.length = 0; }); });
    clusterData.forEach(function (a) { a.length = 0; });
    list.forEach(function (s) { add(s, false); });
    plots.forEach(function (p, i) { p.setData(data[i]); });
    if (clusterPlot) clusterPlot.setData(clusterData);
    if (list.length) show(list[list.length - 1]);
  });
  events.onmessage = function (e) { var s = JSON.parse(e.data); add(s, true); show(s); };
  events.onopen = function () { conn.textContent = 'live'; conn.className = 'pill live'; };
  // A refused stream (the session ended) closes for good; anything else reconnects by itself.
  events.onerror = function () { if (events.readyState === 2) signedOut(); else { conn.textContent = 'reconnecting'; conn.className = 'pill down'; } };
  function health() {
    fetch('./loadline/health', { credentials: 'same-origin' }).then(function (r) { if (r.status === 401) { signedOut(); throw new Error('signed out'); } return r.json(); }).then(function (h) {
      var el = document.getElementById('health');
      el.textContent = h.status; el.className = 'pill ' + h.status;
      rows('checks', (h.checks || []).map(function (c) { return '<tr><td>' + esc(c.name) + '</td><td class="' + c.status + '">' + c.status + '</td><td>' + c.durationMs.toFixed(1) + ' ms</td><td class="l">' + esc(c.error || '') + '</td></tr>'; }).join(''), 'no checks registered');
    }).catch(function () {});
  }
  health();
  setInterval(health, 5000);
})();
</script>
<script>${QUERIES_PANEL_SCRIPT}</script>
</body></html>`;
  return cached;
}
