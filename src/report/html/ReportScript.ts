/**
 * The page script of the HTML report: draws every chart spec embedded in
 * `<script id="loadline-charts">` with uPlot (inlined before it), then marks the body with
 * `data-charts-ready` so tests and tools know the page is done.
 */
export const REPORT_SCRIPT = String.raw`
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('loadline-charts').textContent);
  function pctLabel(s) {
    if (s <= 0) return '0%';
    var p = 100 - 100 / Math.pow(10, s);
    return p.toFixed(Math.max(0, Math.ceil(s) - 2)) + '%';
  }
  function fmt(v) {
    if (v == null || !isFinite(v)) return '-';
    return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  function draw(spec) {
    var el = document.getElementById(spec.id);
    var hasRight = spec.series.some(function (s) { return s.right; });
    var xAxis = { label: spec.xLabel };
    if (spec.xKind === 'percentile') {
      xAxis.splits = function () { return [0, 1, 2, 3, 4]; };
      xAxis.values = function (u, splits) { return splits.map(pctLabel); };
    }
    var axes = [xAxis, { label: spec.yLabel, scale: 'y' }];
    if (hasRight) axes.push({ label: spec.rightLabel || '', scale: 'r', side: 1, grid: { show: false } });
    var opts = {
      width: Math.max(320, el.clientWidth || 800),
      height: 260,
      scales: { x: { time: false }, y: { auto: true }, r: { auto: true } },
      legend: { live: true },
      series: [{ label: spec.xLabel, value: function (u, v) { return spec.xKind === 'percentile' ? (v == null ? '-' : pctLabel(v)) : fmt(v); } }].concat(
        spec.series.map(function (s) {
          return { label: s.label, stroke: s.color, width: 2, scale: s.right ? 'r' : 'y', spanGaps: true, points: { show: !!s.points, size: 6, fill: s.color }, value: function (u, v) { return fmt(v); } };
        })
      ),
      axes: axes
    };
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    return new uPlot(opts, data, el);
  }
  var drawn = 0;
  specs.forEach(function (spec) {
    if (spec.x.length === 0) {
      document.getElementById(spec.id).textContent = 'No data.';
      return;
    }
    draw(spec);
    drawn++;
  });
  document.body.setAttribute('data-charts-ready', String(drawn));
})();
`;
