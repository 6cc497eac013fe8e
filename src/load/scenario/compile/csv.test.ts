import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.js';

test('parses quoted fields, escaped quotes, CRLF and skips empty lines', () => {
  const text = '\ufeffemail,password\r\n"a@x.io","p,""1"""\r\n\r\nb@x.io,p2\nc@x.io,';
  assert.deepEqual(parseCsv(text), [
    ['email', 'password'],
    ['a@x.io', 'p,"1"'],
    ['b@x.io', 'p2'],
    ['c@x.io', ''],
  ]);
});

test('quoted newlines stay in the field; an unclosed quote throws', () => {
  assert.deepEqual(parseCsv('a,"line1\nline2"\n'), [['a', 'line1\nline2']]);
  assert.throws(() => parseCsv('a,"open\n'), /unclosed/);
});
