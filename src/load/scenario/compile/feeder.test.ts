import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Feeder } from './feeder.js';
import { seededRandom } from '../random.js';

const rows = [{ u: 'a' }, { u: 'b' }, { u: 'c' }, { u: 'd' }, { u: 'e' }];

test('sequential order hands out rows in turn and wraps', () => {
  const f = new Feeder(rows);
  assert.deepEqual(Array.from({ length: 7 }, () => f.next().u), ['a', 'b', 'c', 'd', 'e', 'a', 'b']);
});

test('workers take disjoint rows in sequential order', () => {
  const w0 = new Feeder(rows, { worker: 0, workers: 2 });
  const w1 = new Feeder(rows, { worker: 1, workers: 2 });
  assert.deepEqual([w0.next().u, w0.next().u, w0.next().u], ['a', 'c', 'e']);
  assert.deepEqual([w1.next().u, w1.next().u], ['b', 'd']);
});

test('random order is reproducible with a seed and reaches every row', () => {
  const pick = (seed: number) => {
    const f = new Feeder(rows, { order: 'random', rng: seededRandom(seed) });
    return Array.from({ length: 100 }, () => f.next().u);
  };
  assert.deepEqual(pick(3), pick(3));
  assert.notDeepEqual(pick(3), pick(4));
  assert.equal(new Set(pick(3)).size, 5);
});

test('assign copies the row into VU variables', () => {
  const f = new Feeder([{ email: 'a@x', password: 'p' }]);
  const vars: Record<string, unknown> = { token: 't' };
  f.assign(vars);
  assert.deepEqual(vars, { token: 't', email: 'a@x', password: 'p' });
});

test('bad worker options are rejected', () => {
  assert.throws(() => new Feeder(rows, { worker: 2, workers: 2 }), /worker: got 2, expected an integer at least 0 and at most 1/);
  assert.throws(() => new Feeder([]), /at least one row/);
});
