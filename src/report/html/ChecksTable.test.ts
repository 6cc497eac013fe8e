import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticResult } from '../SyntheticResult.js';
import { renderHtmlReport } from './HtmlReport.js';

test('the report lists every check with its request, passes, fails and rate, failing ones marked; missed captures too', () => {
  const result = syntheticResult();
  result.summary.checks = {
    passes: 8,
    fails: 4,
    rate: 8 / 12,
    byName: {
      'login: status is 200': { passes: 6, fails: 0, rate: 1, request: 'login' },
      'body contains "<vip>"': { passes: 2, fails: 4, rate: 2 / 6, request: 'profile' },
    },
  };
  result.summary.captures = { refresh: { request: 'login', responses: 6, misses: 6 }, token: { request: 'login', responses: 6, misses: 0 } };
  const html = renderHtmlReport(result);
  const section = /<section id="checks">([\s\S]*?)<\/section>/.exec(html)?.[1];
  assert.ok(section, 'a checks section');
  const rows = [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));
  assert.deepEqual(rows.slice(0, 3), [
    ['check', 'request', 'passes', 'fails', 'pass rate'],
    ['✗ body contains &quot;&lt;vip&gt;&quot;', 'profile', '2', '4', '33.33%'],
    ['✓ login: status is 200', 'login', '6', '0', '100.00%'],
  ]);
  assert.match(section, /class="bad"[^>]*>✗/);
  assert.match(section, /capture <code>refresh<\/code> \(login\): never matched in 6 of 6 responses/);
  assert.doesNotMatch(section, /capture <code>token/);
});

test('no checks section without checks by name', () => {
  assert.doesNotMatch(renderHtmlReport(syntheticResult()), /<section id="checks">/);
});
