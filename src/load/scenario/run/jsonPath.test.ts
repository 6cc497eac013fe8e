import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonPath, readJsonPath } from './jsonPath.js';

test('parses dotted, bracketed and indexed paths', () => {
  assert.deepEqual(parseJsonPath('$.token'), ['token']);
  assert.deepEqual(parseJsonPath('$.items[0].id'), ['items', 0, 'id']);
  assert.deepEqual(parseJsonPath("$['a b'][\"c\"][-1]"), ['a b', 'c', -1]);
  assert.deepEqual(parseJsonPath('data.user'), ['data', 'user']);
  assert.deepEqual(parseJsonPath('$'), []);
});

test('paths that can never match are null', () => {
  for (const bad of ['', '  ', '$.', '$..a', '$.a[', '$[x]', '$.a b']) assert.equal(parseJsonPath(bad), null, bad);
});

test('reads values and returns undefined for missing steps', () => {
  const doc = { items: [{ id: 1 }, { id: 2 }], token: 'abc', nil: null };
  assert.equal(readJsonPath(doc, parseJsonPath('$.items[1].id')!), 2);
  assert.equal(readJsonPath(doc, parseJsonPath('$.items[-1].id')!), 2);
  assert.equal(readJsonPath(doc, parseJsonPath('$.token')!), 'abc');
  assert.equal(readJsonPath(doc, parseJsonPath('$.items[5].id')!), undefined);
  assert.equal(readJsonPath(doc, parseJsonPath('$.nil.x')!), undefined);
  assert.equal(readJsonPath(doc, parseJsonPath('$.toString')!), undefined);
  assert.equal(readJsonPath('not an object', parseJsonPath('$.a')!), undefined);
});
