import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestEncoder } from './RequestEncoder.js';
import type { RequestSpec } from './types.js';

test('a spec sent again with a new path or body is re-encoded in full, header lines kept', () => {
  const encoder = new RequestEncoder('h:1');
  const spec: RequestSpec = { method: 'POST', path: '/a', headers: { 'x-k': 'v' }, body: '{"n":1}' };
  assert.equal(encoder.encode(spec).bytes.toString(), 'POST /a HTTP/1.1\r\nHost: h:1\r\nx-k: v\r\nContent-Length: 7\r\n\r\n{"n":1}');
  spec.body = '{"n":"é"}';
  assert.equal(encoder.encode(spec).bytes.toString(), 'POST /a HTTP/1.1\r\nHost: h:1\r\nx-k: v\r\nContent-Length: 10\r\n\r\n{"n":"é"}');
  spec.path = '/b?q=2';
  spec.body = undefined;
  assert.equal(encoder.encode(spec).bytes.toString(), 'POST /b?q=2 HTTP/1.1\r\nHost: h:1\r\nx-k: v\r\nContent-Length: 0\r\n\r\n');
  spec.path = '/bad path';
  assert.throws(() => encoder.encode(spec), /path/);
  spec.path = '/c';
  spec.headers = { 'x-k': 'w', host: 'other' };
  assert.equal(encoder.encode(spec).bytes.toString(), 'POST /c HTTP/1.1\r\nx-k: w\r\nhost: other\r\nContent-Length: 0\r\n\r\n');
});
