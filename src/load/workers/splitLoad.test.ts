import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLoadOptions } from '../LoadOptions.js';
import { splitLoad } from './splitLoad.js';

const url = 'http://127.0.0.1:1/';

test('closed model: VUs split into whole users that add up, stage targets too; idle workers get nothing', () => {
  const o = resolveLoadOptions({ url, vus: 10, stages: [{ durationMs: 1000, target: 5 }] });
  const shares = [0, 1, 2].map((i) => splitLoad(o, i, 3)!);
  assert.deepEqual(shares.map((s) => s.vus), [4, 3, 3]);
  assert.deepEqual(shares.map((s) => s.stages![0]!.target), [2, 2, 1]);
  assert.equal(splitLoad(resolveLoadOptions({ url, vus: 2, durationMs: 1000 }), 2, 3), undefined);
});

test('open model: rates divided evenly, amount split so the total is kept', () => {
  const o = resolveLoadOptions({ url, rate: 300, durationMs: 5000, amount: 10 });
  const shares = [0, 1, 2, 3].map((i) => splitLoad(o, i, 4)!);
  assert.deepEqual(shares.map((s) => s.rate), [75, 75, 75, 75]);
  assert.deepEqual(shares.map((s) => s.amount), [3, 3, 2, 2]);
  assert.ok(shares.every((s) => s.stages![0]!.durationMs === o.stages[0]!.durationMs));
});
