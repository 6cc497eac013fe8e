import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalIp, checkTrustProxy, clientIp, ipSubnet, type KeyedRequest } from './clientKey.js';

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

test('canonicalIp: one spelling per address', () => {
  const cases: [string, string][] = [
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000::0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['fe80::1%eth0', 'fe80::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['::ffff:102:304', '1.2.3.4'],
    ['0:0:0:0:0:ffff:1.2.3.4', '1.2.3.4'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
    ['1.2.3.4:8080', '1.2.3.4'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['not-an-ip', 'not-an-ip'],
  ];
  for (const [input, expected] of cases) assert.equal(canonicalIp(input), expected, input);
});

test('ipSubnet: IPv6 by prefix, IPv4 whole', () => {
  assert.equal(ipSubnet('2001:db8:1:2ff:aaaa::1', 56), '2001:db8:1:200::/56');
  assert.equal(ipSubnet('2001:db8:1:2ff:aaaa::1', 64), '2001:db8:1:2ff::/64');
  assert.equal(ipSubnet('2001:db8:1:2ff:aaaa::1', 60), '2001:db8:1:2f0::/60');
  assert.equal(ipSubnet('2001:db8:1:2ff:aaaa::1', 128), '2001:db8:1:2ff:aaaa::1/128');
  assert.equal(ipSubnet('2001:db8:1:2ff:aaaa::1', false), '2001:db8:1:2ff:aaaa::1');
  assert.equal(ipSubnet('1.2.3.4', 56), '1.2.3.4');
});

test('a trusted proxy is recognised in any spelling', () => {
  assert.equal(clientIp(req('0:0:0:0:0:0:0:1', '3.3.3.3'), ['::1']), '3.3.3.3');
  assert.equal(clientIp(req('::ffff:10.0.0.1', '3.3.3.3'), ['10.0.0.1']), '3.3.3.3');
});
