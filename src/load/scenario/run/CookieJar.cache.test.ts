import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../core/index.js';
import { CookieJar } from './CookieJar.js';

test('cached Cookie headers stay right across alternating paths, new cookies and expiry', () => {
  const clock = new FakeClock();
  const jar = new CookieJar(clock);
  const host = '127.0.0.1';
  jar.setCookies(['sid=1; Path=/', 'a=2; Path=/api; Max-Age=10'], { host, path: '/login' });
  for (let i = 0; i < 2; i++) {
    assert.equal(jar.header({ host, path: '/api/x?page=1' }), 'a=2; sid=1');
    assert.equal(jar.header({ host, path: '/me' }), 'sid=1');
    assert.equal(jar.header({ host, path: '/api?q' }), 'a=2; sid=1');
    assert.equal(jar.header({ host: 'other.test', path: '/me' }), undefined);
  }
  jar.setCookies('sid=3; Path=/', { host, path: '/' });
  assert.equal(jar.header({ host, path: '/me' }), 'sid=3');
  clock.advance(10_001);
  assert.equal(jar.header({ host, path: '/api/x' }), 'sid=3', 'the expired cookie is no longer sent');
  assert.equal(jar.header({ host, path: '/api/x' }), 'sid=3');
  assert.equal(jar.header({ host, path: '/me' }), 'sid=3');
});
