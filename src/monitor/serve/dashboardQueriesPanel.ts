/**
 * The dashboard's Queries panel: the attached query monitor's top statements by total time, the
 * database time of each route with its heaviest statement's share, the N+1 findings and the slow
 * log, polled from `./loadline/queries` every 5 s. Hidden while the monitor has no query monitor
 * (the poll answers `{ attached: false }`). Its own script block (hashed into the page's CSP like the others), so
 * the main script stays about the samples.
 */
export const QUERIES_PANEL_STYLE = `
td.sql{font-family:ui-monospace,monospace;font-size:12px;max-width:460px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#queries-panel{grid-template-columns:repeat(auto-fill,minmax(560px,1fr))}#queries-panel[hidden]{display:none}`;

export const QUERIES_PANEL_HTML = `<section class="charts" id="queries-panel" hidden>
<div class="card"><h2>Queries: top statements by total time</h2><table id="q-statements"><thead><tr><th class="l">statement</th><th>calls</th><th>total ms</th><th>mean ms</th><th>p95 ms</th><th>p99 ms</th><th>errors</th></tr></thead><tbody></tbody></table></div>
<div class="card"><h2>Queries: database time per route</h2><table id="q-routes"><thead><tr><th class="l">route</th><th>queries</th><th>db ms</th><th class="l">heaviest statement</th><th>share %</th></tr></thead><tbody></tbody></table></div>
<div class="card"><h2>N+1 queries</h2><table id="q-nplusone"><thead><tr><th class="l">route</th><th class="l">statement</th><th class="l">calling line</th><th>calls in a request</th><th>requests</th></tr></thead><tbody></tbody></table></div>
<div class="card"><h2 id="q-slow-title">Slow queries</h2><table id="q-slow"><thead><tr><th class="l">at</th><th>ms</th><th class="l">route</th><th class="l">statement</th><th class="l">calling line</th></tr></thead><tbody></tbody></table></div>
</section>`;

export const QUERIES_PANEL_SCRIPT = `
(function () {
  'use strict';
  var panel = document.getElementById('queries-panel');
  function esc(v) { return String(v).replace(/[&<>"]/g, function (ch) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[ch]; }); }
  function ms(v) { return typeof v === 'number' ? v.toFixed(2) : '–'; }
  function sql(text) { return '<td class="l sql" title="' + esc(text) + '">' + esc(text) + '</td>'; }
  function rows(id, list, render, empty) {
    document.querySelector('#' + id + ' tbody').innerHTML = list.length ? list.map(render).join('') : '<tr><td class="empty">' + empty + '</td></tr>';
  }
  function show(q) {
    panel.hidden = false;
    rows('q-statements', q.statements || [], function (s) {
      return '<tr data-statement="' + esc(s.id) + '">' + sql(s.text) + '<td>' + s.calls + '</td><td>' + ms(s.totalMs) + '</td><td>' + ms(s.latencyMs && s.latencyMs.mean) + '</td><td>' + ms(s.latencyMs && s.latencyMs.p95) + '</td><td>' + ms(s.latencyMs && s.latencyMs.p99) + '</td><td>' + s.errors + '</td></tr>';
    }, 'no statements yet');
    rows('q-routes', q.routes || [], function (r) {
      var top = r.statements && r.statements[0];
      return '<tr><td class="l">' + esc(r.route) + '</td><td>' + r.queries + '</td><td>' + ms(r.totalMs) + '</td>' + (top ? sql(top.text) + '<td>' + (100 * top.share).toFixed(1) + '</td>' : '<td></td><td></td>') + '</tr>';
    }, 'no queries within a request yet');
    rows('q-nplusone', q.nPlusOne || [], function (f) {
      return '<tr><td class="l">' + esc(f.route) + '</td>' + sql(f.statement) + '<td class="l">' + esc(f.callSite) + '</td><td>' + f.maxCount + '</td><td>' + f.requests + '</td></tr>';
    }, 'none found');
    document.getElementById('q-slow-title').textContent = 'Slow queries (at least ' + q.slowMs + ' ms; ' + (q.slowTotal || 0) + ' in all)';
    rows('q-slow', (q.slow || []).slice(0, 20), function (s) {
      return '<tr><td class="l">' + new Date(s.at).toLocaleTimeString() + '</td><td>' + ms(s.durationMs) + '</td><td class="l">' + esc(s.route || '') + '</td>' + sql(s.statement) + '<td class="l">' + esc(s.callSite || '') + '</td></tr>';
    }, 'none');
  }
  function poll() {
    fetch('./loadline/queries?top=20', { credentials: 'same-origin' }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (q) {
      if (q && q.attached === false) panel.hidden = true;
      else if (q) show(q);
    }).catch(function () {});
  }
  poll();
  setInterval(poll, 5000);
})();
`;
