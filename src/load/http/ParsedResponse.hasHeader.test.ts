import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParsedResponse } from './PendingRequest.js';

const timings = { blocked: 0, connect: 0, tls: 0, ttfb: 0, receive: 0 };
const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Set-Cookie: no\r\nSET-COOKIE : a=1\r\nset-cookie: b=2\r\n\r\n';

test('hasHeader finds a header by its lower-case name in any case, without matching longer names', () => {
  const r = new ParsedResponse(200, head, head.length, timings, undefined);
  assert.equal(r.hasHeader('set-cookie'), true);
  assert.equal(r.hasHeader('content-type'), true);
  assert.equal(r.hasHeader('cookie'), false);
  assert.equal(r.hasHeader('content'), false);
  assert.equal(r.hasHeader('location'), false);
  assert.deepEqual(r.headers['set-cookie'], ['a=1', 'b=2']);
  // Once parsed, the parsed record answers.
  assert.equal(r.hasHeader('x-set-cookie'), true);
  assert.equal(r.hasHeader('location'), false);
});

test('hasHeader on a head without headers is false', () => {
  const r = new ParsedResponse(204, 'HTTP/1.1 204 No Content\r\n\r\n', 30, timings, undefined);
  assert.equal(r.hasHeader('set-cookie'), false);
});
