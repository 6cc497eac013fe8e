import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpMetrics } from './HttpMetrics.js';

const countOf = (text: string, cls: string) => Number(new RegExp(`http_request_duration_seconds_count\\{method="GET",route="/a",status_code="${cls}"\\} (\\d+)`).exec(text)?.[1]);
const bucketOf = (text: string, le: string) => Number(new RegExp(`_bucket\\{method="GET",route="/a",status_code="2xx",le="${le}"\\} (\\d+)`).exec(text)?.[1]);

test('a series rendered before is rendered again with the requests recorded since, others unchanged', () => {
  const http = new HttpMetrics();
  http.record('GET', '/a', 200, 3);
  http.record('GET', '/a', 404, 3);
  const first = http.render();
  assert.equal(countOf(first, '2xx'), 1);
  assert.equal(bucketOf(first, '0.005'), 1);
  assert.equal(http.render(), first);
  http.record('GET', '/a', 200, 30);
  const second = http.render();
  assert.equal(countOf(second, '2xx'), 2);
  assert.equal(countOf(second, '4xx'), 1);
  assert.equal(bucketOf(second, '0.005'), 1);
  assert.equal(bucketOf(second, '0.05'), 2);
  assert.match(second, /_sum\{method="GET",route="\/a",status_code="2xx"\} 0\.033/);
  http.destroy();
});
