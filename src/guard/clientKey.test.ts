import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrustProxy, clientIp, type KeyedRequest } from './clientKey.js';

const req = (peer: string, xff?: string): KeyedRequest => ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: peer } });

test('X-Forwarded-For is ignored unless the proxy is trusted', () => {
  assert.equal(clientIp(req('::ffff:10.0.0.9', '6.6.6.6')), '10.0.0.9');
  assert.equal(clientIp(req('10.0.0.9', '6.6.6.6'), false), '10.0.0.9');
});

test('hop count takes the address that many hops from the peer', () => {
  assert.equal(clientIp(req('10.0.0.1', '1.1.1.1, 2.2.2.2'), 1), '2.2.2.2');
  assert.equal(clientIp(req('10.0.0.1', '1.1.1.1, 2.2.2.2'), 2), '1.1.1.1');
  assert.equal(clientIp(req('10.0.0.1', '1.1.1.1'), 5), '1.1.1.1');
});

test('a proxy list trusts only the listed peers, walking right to left', () => {
  const trusted = ['10.0.0.1', '10.0.0.2'];
  assert.equal(clientIp(req('10.0.0.1', 'spoofed, 3.3.3.3, 10.0.0.2'), trusted), '3.3.3.3');
  assert.equal(clientIp(req('9.9.9.9', '3.3.3.3'), trusted), '9.9.9.9', 'untrusted peer: header ignored');
  assert.equal(clientIp(req('10.0.0.1', '3.3.3.3'), true), '3.3.3.3');
});

test('trustProxy values are validated', () => {
  assert.throws(() => checkTrustProxy('yes'), /trustProxy: got "yes", expected false, true, a hop count/);
  assert.throws(() => checkTrustProxy(-1), /trustProxy/);
});
