import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertMatchesSchema, compileSchema, parseDataText, readDataFile } from './dataFile.js';
import { isLoadlineError } from './errors/errors.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string' },
    stages: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { duration: { type: 'string' }, target: { type: 'integer', minimum: 0 } } } },
  },
};
const validate = compileSchema(schema);

test('YAML errors name the file, the line and the field', () => {
  const yaml = 'name: demo\nstages:\n  - duration: 30s\n    target: 10\n  - duration: 1m\n    target: lots\n';
  assert.throws(
    () => assertMatchesSchema(validate, parseDataText(yaml, 'load.yaml')),
    (err: unknown) => {
      assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'));
      assert.equal(err.message, 'load.yaml:6: stages[1].target: got "lots", expected a value of type integer');
      assert.equal(err.details.line, 6);
      return true;
    },
  );
});

test('unknown and missing fields are named', () => {
  assert.throws(() => assertMatchesSchema(validate, parseDataText('name: x\nstagez: []\n', 'a.yaml')), /a\.yaml:2: stagez: expected no such field \(unknown field\)$/);
  assert.throws(() => assertMatchesSchema(validate, parseDataText('{"stages": []}', 'b.json')), /b\.json: name: expected this required field to be present$/);
});

test('syntax errors name the file and line', () => {
  assert.throws(() => parseDataText('name: [unclosed\n', 'c.yaml'), /c\.yaml(:\d+)?: invalid YAML/);
  assert.throws(() => parseDataText('{"name": }', 'd.json'), /d\.json(:\d+)?: invalid JSON/);
});

test('readDataFile reads from disk and reports a missing file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadline-core-'));
  try {
    await writeFile(join(dir, 'ok.yml'), 'name: fine\n');
    const file = await readDataFile(join(dir, 'ok.yml'));
    assert.deepEqual(assertMatchesSchema(validate, file), { name: 'fine' });
    await assert.rejects(readDataFile(join(dir, 'missing.json')), /missing\.json: cannot read file \(ENOENT\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
