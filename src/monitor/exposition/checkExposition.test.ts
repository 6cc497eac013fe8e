import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkExposition } from './checkExposition.js';

const HEAD = '# HELP x_seconds x\n# TYPE x_seconds histogram\n';

test('sound exposition has no problems', () => {
  const text = `${HEAD}x_seconds_bucket{le="0.1"} 1\nx_seconds_bucket{le="+Inf"} 2\nx_seconds_sum 0.3\nx_seconds_count 2\n# TYPE c_total counter\nc_total{a="b"} 3\n`;
  assert.deepEqual(checkExposition(text), []);
});

test('finds what promtool misses: duplicates, decreasing buckets, missing +Inf, negative counters', () => {
  assert.match(checkExposition('# TYPE g gauge\ng{a="1"} 1\ng{a="1"} 2\n').join(), /duplicate sample g\{a="1"\}/);
  assert.match(checkExposition(`${HEAD}x_seconds_bucket{le="0.1"} 3\nx_seconds_bucket{le="+Inf"} 2\nx_seconds_count 2\n`).join(), /decrease/);
  assert.match(checkExposition(`${HEAD}x_seconds_bucket{le="0.1"} 1\nx_seconds_count 1\n`).join(), /no \+Inf bucket/);
  assert.match(checkExposition(`${HEAD}x_seconds_bucket{le="+Inf"} 1\nx_seconds_count 2\n`).join(), /differs from _count/);
  assert.match(checkExposition('# TYPE c_total counter\nc_total -1\n').join(), /negative or NaN counter/);
});
