import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoadlineError } from '../../core/index.js';
import { RequestEncoder } from './RequestEncoder.js';

test('encodes the head with Host, user headers and Content-Length; drops headers the client owns', () => {
  const encoder = new RequestEncoder('example.test:8080');
  const bytes = encoder.encode({
    method: 'POST',
    path: '/api/users?x=1',
    headers: { 'Content-Type': 'application/json', Connection: 'close', 'content-length': '999' },
    body: '{"a":"é"}',
  }).bytes.toString('utf8');
  assert.equal(bytes, 'POST /api/users?x=1 HTTP/1.1\r\nHost: example.test:8080\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a":"é"}');
  assert.equal(encoder.encode({ method: 'PUT', path: '/' }).bytes.toString(), 'PUT / HTTP/1.1\r\nHost: example.test:8080\r\nContent-Length: 0\r\n\r\n');
  assert.equal(encoder.encode({ method: 'GET', path: '/', headers: { host: 'other' } }).bytes.toString(), 'GET / HTTP/1.1\r\nhost: other\r\n\r\n');
  assert.equal(encoder.encode({ method: 'HEAD', path: '/' }).isHead, true);
});

test('caches per spec object and re-encodes when a field is replaced', () => {
  const encoder = new RequestEncoder('h');
  const spec = { method: 'GET', path: '/a' };
  const first = encoder.encode(spec);
  assert.equal(encoder.encode(spec), first);
  spec.path = '/b';
  const second = encoder.encode(spec);
  assert.notEqual(second, first);
  assert.match(second.bytes.toString(), /^GET \/b /);
});

test('rejects header injection, bad methods and bad paths, naming the field', () => {
  const encoder = new RequestEncoder('h');
  const cases: Array<[object, string]> = [
    [{ method: 'GET', path: '/', headers: { 'X-A': 'a\r\nInjected: 1' } }, 'headers.X-A'],
    [{ method: 'GET', path: '/', headers: { 'Bad Name': 'a' } }, 'headers'],
    [{ method: 'G ET', path: '/' }, 'method'],
    [{ method: 'GET', path: 'no-slash' }, 'path'],
    [{ method: 'GET', path: '/a b' }, 'path'],
  ];
  for (const [spec, field] of cases) {
    assert.throws(() => encoder.encode(spec as never), (error: unknown) => isLoadlineError(error, 'LOADLINE_INVALID_OPTION') && error.details.field === field);
  }
});

test('a rejected header never shows its credential: the value is redacted, a bad name is cut at its first bad character', () => {
  const encoder = new RequestEncoder('h');
  const secret = 'sekrit-token-4f1c';
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ Authorization: `Bearer ${secret}\r\nX-Injected: 1` }, 'headers.Authorization', /character 25 is one/],
    [{ [`Authorization Bearer ${secret}`]: 'x' }, 'headers', /character 14 is not one/],
    [{ 'X-Key': `${secret}\u0001` }, 'headers.X-Key', /character 18 is one/],
    [{ 'X-Key': `${secret}\u20ac` }, 'headers.X-Key', /nor characters above U\+00FF \(character 18 is one/],
  ];
  for (const [headers, field, where] of cases) {
    assert.throws(
      () => encoder.encode({ method: 'GET', path: '/', headers }),
      (error: unknown) => isLoadlineError(error, 'LOADLINE_INVALID_OPTION') && error.details.field === field && where.test(error.message) && !error.message.includes(secret) && !JSON.stringify(error.details).includes(secret),
    );
  }
});
