import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoadlineError } from '../../../core/index.js';
import { readDataRows } from './dataSource.js';

const dir = mkdtempSync(join(tmpdir(), 'loadline-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const scenarioFile = join(dir, 'scenario.yaml');
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

test('CSV with a header row, CSV with given fields, JSON array', async () => {
  write('a.csv', 'email,password\na@x,1\nb@x,2\n');
  write('b.csv', 'a@x,1\n');
  write('c.json', '[{"sku":"A","qty":2}]');
  const a = await readDataRows({ path: 'a.csv', scenarioFile, field: 'data[0].path' });
  assert.deepEqual(a.rows, [{ email: 'a@x', password: '1' }, { email: 'b@x', password: '2' }]);
  assert.equal(a.order, 'sequential');
  const b = await readDataRows({ path: 'b.csv', fields: ['email', 'password'], order: 'random', scenarioFile, field: 'data[0].path' });
  assert.deepEqual(b.rows, [{ email: 'a@x', password: '1' }]);
  assert.equal(b.order, 'random');
  const c = await readDataRows({ path: 'c.json', scenarioFile, field: 'data[0].path' });
  assert.deepEqual(c.rows, [{ sku: 'A', qty: 2 }]);
});

test('missing, empty, ragged and wrong-shaped files are rejected', async () => {
  write('empty.csv', 'email\n');
  write('ragged.csv', 'a,b\n1,2\n3\n');
  write('shape.json', '{"a":1}');
  const cases: Array<[string, RegExp]> = [
    ['none.csv', /data\[0\]\.path: got "none\.csv", expected a readable data file .*ENOENT/],
    ['empty.csv', /at least one row/],
    ['ragged.csv', /ragged\.csv:3: expected 2 fields/],
    ['shape.json', /array of objects/],
    ['x.txt', /\.csv or \.json/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(readDataRows({ path, scenarioFile, field: 'data[0].path', line: 4 }), (err) => {
      assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'));
      assert.match(err.message, message);
      return true;
    });
  }
});
