import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../core/index.js';
import { CookieJar } from './CookieJar.js';

const url = (path: string, host = 'api.example.com', secure = false) => ({ host, path, secure });

test('stores Set-Cookie and sends it back to the same host', () => {
  const jar = new CookieJar(new FakeClock());
  jar.setCookies(['sid=abc; HttpOnly', 'theme=dark; Path=/'], url('/login'));
  assert.equal(jar.header(url('/me')), 'sid=abc; theme=dark');
  assert.equal(jar.header(url('/me', 'other.example.com')), undefined);
  assert.equal(jar.header(url('/me', 'sub.api.example.com')), undefined, 'host-only cookies skip subdomains');
});

test('a later cookie with the same name, domain and path replaces the first', () => {
  const jar = new CookieJar(new FakeClock());
  jar.setCookies('sid=1; Path=/', url('/'));
  jar.setCookies('sid=2; Path=/', url('/'));
  assert.equal(jar.size, 1);
  assert.equal(jar.header(url('/')), 'sid=2');
});

test('Domain attribute matches subdomains; foreign domains are ignored', () => {
  const jar = new CookieJar(new FakeClock());
  jar.setCookies(['a=1; Domain=.example.com', 'b=2; Domain=evil.org'], url('/', 'api.example.com'));
  assert.equal(jar.size, 1);
  assert.equal(jar.header(url('/', 'www.example.com')), 'a=1');
  assert.equal(jar.header(url('/', 'example.com')), 'a=1');
  assert.equal(jar.header(url('/', 'notexample.com')), undefined);
});

test('paths: default is the directory of the request; matching respects segments; longest first', () => {
  const jar = new CookieJar(new FakeClock());
  jar.setCookies('dir=1', url('/api/v1/login?x=1'));
  jar.setCookies('root=1; Path=/', url('/'));
  jar.setCookies('deep=1; Path=/api/v1/users', url('/'));
  assert.equal(jar.header(url('/api/v1/users/me')), 'deep=1; dir=1; root=1');
  assert.equal(jar.header(url('/api/v1')), 'dir=1; root=1');
  assert.equal(jar.header(url('/api/v10')), 'root=1');
  assert.equal(jar.header(url('/other')), 'root=1');
});

test('Max-Age and Expires expire cookies on the clock; Max-Age=0 deletes', () => {
  const clock = new FakeClock();
  const jar = new CookieJar(clock);
  const expires = new Date(clock.wallNow() + 60_000).toUTCString();
  jar.setCookies([`short=1; Max-Age=10`, `long=1; Expires=${expires}`, 'both=1; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT'], url('/'));
  assert.equal(jar.header(url('/')), 'short=1; long=1; both=1');
  clock.advance(10_000);
  assert.equal(jar.header(url('/')), 'long=1; both=1');
  clock.advance(50_000);
  assert.equal(jar.header(url('/')), 'both=1');
  jar.setCookies('both=; Max-Age=0', url('/'));
  assert.equal(jar.header(url('/')), undefined);
  assert.equal(jar.size, 0);
});

test('Secure cookies go only over https; malformed ones are ignored', () => {
  const jar = new CookieJar(new FakeClock());
  jar.setCookies(['s=1; Secure', 'novalue', '=x', 'ok=1'], url('/', 'h', true));
  assert.equal(jar.header(url('/', 'h', false)), 'ok=1');
  assert.equal(jar.header(url('/', 'h', true)), 's=1; ok=1');
});
