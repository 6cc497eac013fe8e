import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunResult } from '../../core/index.js';
import { syntheticResult } from '../SyntheticResult.js';
import { renderHtmlReport } from './HtmlReport.js';
import type { SpikeSummary } from './SpikeSection.js';

// A spike run: its p95 SLO fails over the whole run (the spike is in it), as `find --mode spike` records it.
const result = syntheticResult({ seed: 7, durationS: 16, model: 'open', thresholds: ['http_req_duration:p(95)<1'], endpoints: [{ name: 'GET /' }] }) as RunResult;
const recovered: SpikeSummary = { spike: { startS: 2, endS: 4, baseline: 50, peak: 800 }, percentile: 95, limitMs: 100, recovered: true, recoveryMs: 2000, worstMs: 1840.5 };

const badge = (html: string) => /data-testid="verdict">([^<]*)</.exec(html)?.[1];
const badgeClass = (html: string) => /class="verdict (\w+)" data-testid="verdict"/.exec(html)?.[1];

test('a spike run is badged by its recovery, not by the SLO that the spike itself breaks, and has a recovery section', () => {
  assert.equal(badge(renderHtmlReport(result)), 'failed', 'without the spike verdict the failed SLO decides');
  const html = renderHtmlReport(result, { spike: recovered });
  assert.equal(badge(html), 'recovered');
  assert.equal(badgeClass(html), 'passed');
  assert.match(html, /<section id="spike-recovery"><h2>Spike recovery<\/h2>/);
  assert.match(html, /p95 back within 100.00 ms <strong data-testid="recovery-seconds">2.0<\/strong> s after the spike ended/);
  assert.match(html, /Spike: 50.0 to 800.0 from 2 s to 4 s; worst p95 1840.50 ms/);
});

test('a spike run that did not recover is badged so', () => {
  const html = renderHtmlReport(result, { spike: { ...recovered, recovered: false, recoveryMs: null } });
  assert.equal(badge(html), 'not recovered');
  assert.equal(badgeClass(html), 'failed');
  assert.match(html, /Not recovered<\/span>: p95 did not stay within 100.00 ms/);
});
