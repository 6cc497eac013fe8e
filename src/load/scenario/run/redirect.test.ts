import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redirectTarget } from './redirect.js';

const origin = 'http://127.0.0.1:3000';
const res = (status: number, location?: string) => ({ status, headers: (location === undefined ? {} : { location }) as Record<string, string> });

test('relative and absolute same-origin locations', () => {
  assert.deepEqual(redirectTarget(res(302, '/new?a=1'), origin, '/old', 'GET'), { method: 'GET', path: '/new?a=1', keepBody: true });
  assert.deepEqual(redirectTarget(res(301, 'next'), origin, '/a/b', 'GET'), { method: 'GET', path: '/a/next', keepBody: true });
  assert.deepEqual(redirectTarget(res(308, 'http://127.0.0.1:3000/x'), origin, '/', 'PUT'), { method: 'PUT', path: '/x', keepBody: true });
});

test('303, and 301/302 after POST, switch to GET without the body; 307 keeps both', () => {
  assert.deepEqual(redirectTarget(res(303, '/done'), origin, '/form', 'PUT'), { method: 'GET', path: '/done', keepBody: false });
  assert.deepEqual(redirectTarget(res(302, '/done'), origin, '/form', 'POST'), { method: 'GET', path: '/done', keepBody: false });
  assert.deepEqual(redirectTarget(res(307, '/again'), origin, '/form', 'POST'), { method: 'POST', path: '/again', keepBody: true });
});

test('not a redirect, no location, or another origin: undefined', () => {
  assert.equal(redirectTarget(res(200, '/x'), origin, '/', 'GET'), undefined);
  assert.equal(redirectTarget(res(302), origin, '/', 'GET'), undefined);
  assert.equal(redirectTarget(res(302, 'https://elsewhere.example/'), origin, '/', 'GET'), undefined);
  assert.equal(redirectTarget(res(302, 'http://127.0.0.1:3001/'), origin, '/', 'GET'), undefined);
});
