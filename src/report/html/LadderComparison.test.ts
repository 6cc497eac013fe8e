import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderLadderComparison } from './LadderComparison.js';
import type { CapacityLadder } from './CapacityLadder.js';

const step = (offered: number, p95Ms: number, ok: boolean) => ({ offered, achieved: offered, achievedRps: offered, avgMs: 1, p95Ms, p99Ms: p95Ms, errorRate: 0, ok });

test('two ladders side by side: each its verdict, table and own charts; the table and notes escaped', () => {
  const before: CapacityLadder = { unit: 'rate', steps: [step(25, 40, true), step(50, 400, false)], maxSustainable: { rate: 25 } };
  const after: CapacityLadder = { unit: 'rate', steps: [step(25, 2, true), step(800, 30, true), step(1600, 900, false)], maxSustainable: { rate: 800 } };
  const html = renderLadderComparison({
    title: 'before <and> after',
    intro: ['same data & same mix'],
    table: { header: ['Metric', 'Before', 'After'], rows: [['Max RPS', '25/s', '800/s']] },
    ladders: [
      { label: 'naive', ladder: before, notes: 'N+1 "select <x>"' },
      { label: 'optimized', ladder: after },
    ],
  });
  assert.match(html, /<title>before &lt;and&gt; after<\/title>/);
  assert.match(html, /<p>same data &amp; same mix<\/p>/);
  assert.match(html, /<table data-testid="comparison">[\s\S]*<td>Max RPS<\/td><td class="num">25\/s<\/td><td class="num">800\/s<\/td>/);
  const first = html.indexOf('data-testid="ladder-0"');
  const second = html.indexOf('data-testid="ladder-1"');
  assert.ok(first > 0 && second > first);
  assert.match(html.slice(first, second), /data-testid="max-sustainable">25\.0<\/strong>[\s\S]*<pre class="notes">N\+1 &quot;select &lt;x&gt;&quot;<\/pre>/);
  assert.match(html.slice(second), /data-testid="max-sustainable">800\.0<\/strong>/);
  const specs = JSON.parse(/<script id="loadline-charts" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as Array<{ id: string; title: string; x: number[] }>;
  const ids = specs.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'chart ids are unique on the page');
  for (const id of ids) assert.match(html, new RegExp(`<div id="${id}" data-chart>`));
  assert.deepEqual(specs.filter((s) => s.title.startsWith('optimized:')).map((s) => s.x), [[25, 800, 1600], [25, 800, 1600]]);
});
