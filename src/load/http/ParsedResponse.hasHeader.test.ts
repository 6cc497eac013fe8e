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

test('getHeader reads one header from the raw head as the parsed record would hold it', () => {
  const raw = 'HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Type: text/plain\r\nx-a : 2\r\nSET-COOKIE : a=1\r\nset-cookie: b=2; Path=/\r\n\r\n';
  for (const name of ['set-cookie', 'x-a', 'content-type', 'location', 'cookie']) {
    const fresh = new ParsedResponse(200, raw, raw.length, timings, undefined);
    const parsed = new ParsedResponse(200, raw, raw.length, timings, undefined);
    assert.deepEqual(fresh.getHeader(name), parsed.headers[name], name);
  }
  const r = new ParsedResponse(200, raw, raw.length, timings, undefined);
  assert.deepEqual(r.getHeader('set-cookie'), ['a=1', 'b=2; Path=/']);
  assert.equal(r.getHeader('x-a'), '1, 2');
  assert.equal(r.getHeader('location'), undefined);
});

test('a response the parser saw no Set-Cookie in answers without looking at its head', () => {
  const raw = 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\n\r\n';
  const r = new ParsedResponse(200, raw, raw.length, timings, undefined, false);
  assert.equal(r.getHeader('set-cookie'), undefined);
  assert.equal(r.hasHeader('set-cookie'), false);
  assert.deepEqual(new ParsedResponse(200, raw, raw.length, timings, undefined, true).getHeader('set-cookie'), ['a=1']);
});

test('readHeader and parseHeaderBlock apply the same line rules to odd heads', async () => {
  const { parseHeaderBlock, readHeader } = await import('./parseHeaderBlock.js');
  const heads = [
    'HTTP/1.1 200 OK\r\nX-A: 1\r\n\tx-a\t:  2 \r\n:no-name\r\nno colon\r\nX-B:\r\nSet-Cookie: a=1\r\n\xa0Set-Cookie\xa0: b=2\r\n\r\n',
    'HTTP/1.1 200 OK\nx-a:1\nX-A:2',
    'HTTP/1.1 200 OK\r\n__proto__: x\r\nx-\u2000: y\r\n\u2000x-a: 3\r\n\r\n',
    'HTTP/1.1 204 No Content\r\n\r\n',
    'HTTP/1.1 200 OK',
  ];
  for (const head of heads) {
    const all = parseHeaderBlock(head);
    for (const name of ['x-a', 'x-b', 'set-cookie', 'x-', '__proto__', 'missing', '']) {
      assert.deepEqual(readHeader(head, name), Object.hasOwn(all, name) ? all[name] : undefined, `${JSON.stringify(head)} ${name}`);
    }
  }
  assert.deepEqual(parseHeaderBlock(heads[0]!), { 'x-a': '1, 2', 'x-b': '', 'set-cookie': ['a=1', 'b=2'] });
});
