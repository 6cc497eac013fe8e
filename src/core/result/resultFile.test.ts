import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResult } from './resultFile.js';
import { Histogram } from '../histogram/histogram.js';
import type { EndpointSummary, RunResult } from './result.js';

function endpoint(name: string): EndpointSummary {
  return {
    name,
    requests: 10,
    rps: 5,
    errors: { total: 1, byKind: { refused: 0, reset: 0, timeout: 0, dns: 0, tls: 0, http4xx: 0, http5xx: 1, check: 0, other: 0 } },
    statusCodes: { '200': 9, '503': 1 },
    latency: { min: 1, mean: 2, stdev: 0.5, p50: 2, p90: 3, p95: 3, p99: 4, p999: 4, max: 4 },
  };
}

function minimalResult(): RunResult {
  const h = new Histogram();
  h.record(2000);
  const encoded = h.encode();
  h.destroy();
  return {
    format: 'loadline.result',
    version: 1,
    generator: '0.1.0',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:02.000Z',
    status: 'completed',
    config: { target: 'http://127.0.0.1:3000/', model: 'closed', durationMs: 2000 },
    summary: { model: 'closed', durationMs: 2000, total: endpoint('total'), endpoints: [endpoint('GET /')], errorRate: 0.1 },
    thresholds: [{ expression: 'http_req_failed:rate<0.01', metric: 'http_req_failed', observed: 0.1, ok: false, level: 'error' }],
    series: { intervalMs: 1000, points: [{ t: 1, requests: 5, rps: 5, errors: 1, p50: 2, p95: 3, p99: 4, vus: 2 }] },
    histograms: { unit: 'us', total: encoded, endpoints: { 'GET /': encoded } },
  };
}

test('a valid result parses; unknown extra fields are allowed (additive within v1)', () => {
  const result = { ...minimalResult(), futureField: { anything: true } };
  const parsed = parseResult(JSON.stringify(result), 'r.json');
  assert.equal(parsed.summary.total.requests, 10);
});

test('another version, another tool, a truncated file and a wrong field are rejected by name', () => {
  const good = JSON.stringify(minimalResult());
  assert.throws(() => parseResult(JSON.stringify({ ...minimalResult(), version: 2 }), 'v2.json'), /v2\.json: version: got 2, expected 1/);
  assert.throws(() => parseResult('{"hello": "world"}', 'other.json'), /other\.json: format: expected "loadline\.result"/);
  assert.throws(() => parseResult(good.slice(0, good.length / 2), 'cut.json'), /cut\.json: not valid JSON, the file may be truncated/);
  assert.throws(() => parseResult('', 'empty.json'), /empty\.json: empty file/);
  const bad = minimalResult();
  (bad.summary.total as unknown as Record<string, unknown>).requests = -1;
  assert.throws(() => parseResult(JSON.stringify(bad), 'neg.json'), /neg\.json: summary\.total\.requests: got -1, expected a value that must be >= 0$/);
});

test('tagged custom metric series and the profile are part of the contract', () => {
  const result = minimalResult();
  result.config.profile = { name: 'spike', unit: 'rate', peak: 200, scale: 2 };
  result.summary.metrics = {
    api_response_time: { type: 'trend', value: 12, count: 3, seriesOverflow: 1 },
    'api_response_time{endpoint:login}': { type: 'trend', value: 12, count: 2, metric: 'api_response_time', tags: { endpoint: 'login' } },
    queue: { type: 'gauge', value: 4, count: 9, min: 1, max: 7 },
  };
  const parsed = parseResult(JSON.stringify(result), 'tags.json');
  assert.deepEqual(parsed.summary.metrics!['api_response_time{endpoint:login}']!.tags, { endpoint: 'login' });
  assert.equal(parsed.config.profile!.unit, 'rate');
  const badTag = structuredClone(result);
  (badTag.summary.metrics!['api_response_time{endpoint:login}']!.tags as Record<string, unknown>).endpoint = 7;
  assert.throws(() => parseResult(JSON.stringify(badTag), 'tag.json'), /tag\.json: summary\.metrics\.api_response_time\{endpoint:login\}\.tags\.endpoint: got 7/);
  const badProfile = structuredClone(result);
  (badProfile.config.profile as { unit: string }).unit = 'vus';
  assert.throws(() => parseResult(JSON.stringify(badProfile), 'profile.json'), /profile\.json: config\.profile\.unit: got "vus"/);
});
