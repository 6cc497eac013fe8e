import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkName } from './checkName.js';
import { outcomeNames } from './outcomeNames.js';

const req = (name: string, checks: string[], captures: string[] = []) => ({ name, checks: checks.map((c) => ({ name: c })), captures: captures.map((as) => ({ as })) });

test('generated check names read as what they test', () => {
  assert.equal(checkName({ status: 200 }), 'status is 200');
  assert.equal(checkName({ status: [200, 201] }), 'status is 200 or 201');
  assert.equal(checkName({ body: { contains: 'email' } }), 'body contains "email"');
  assert.equal(checkName({ body: { json: '$.token' } }), 'json $.token exists');
  assert.equal(checkName({ body: { json: '$.ok', equals: true } }), 'json $.ok is true');
  assert.equal(checkName({ body: { matches: '^\\{' } }), 'body matches /^\\{/');
  assert.equal(checkName({ header: { name: 'Content-Type', matches: '^text/html' } }), 'header content-type matches /^text/html/');
  assert.equal(checkName({ header: { name: 'x-powered-by', present: false } }), 'header x-powered-by absent');
  assert.equal(checkName({ header: { name: 'etag' } }), 'header etag present');
  assert.equal(checkName({ header: { name: 'x-user', equals: 'ada' } }), 'header x-user is "ada"');
  assert.equal(checkName({ status: 200, maxDuration: '1s' }), 'status is 200 and duration < 1s');
  assert.equal(checkName({ body: () => true }), 'body predicate');
  assert.equal(checkName({ fn: function isJson() { return true; } }), 'isJson');
});

test('a name two endpoints share is prefixed with each endpoint; a unique one is kept', () => {
  const login = req('login', ['status is 200', 'json $.token exists'], ['token']);
  const items = req('items', ['status is 200', 'body contains "x"'], ['token']);
  const names = outcomeNames([login, items]);
  assert.deepEqual(names.get(login), { checks: ['login: status is 200', 'json $.token exists'], captures: ['login: token'] });
  assert.deepEqual(names.get(items), { checks: ['items: status is 200', 'body contains "x"'], captures: ['items: token'] });
});

test('the same endpoint in two flows counts its checks together; a name repeated in one request is numbered', () => {
  const home1 = req('home', ['status is 200']);
  const home2 = req('home', ['status is 200']);
  const twice = req('cart', ['ok', 'ok', 'ok']);
  const names = outcomeNames([home1, home2, twice]);
  assert.deepEqual(names.get(home1)!.checks, ['status is 200']);
  assert.deepEqual(names.get(home2)!.checks, ['status is 200']);
  assert.deepEqual(names.get(twice)!.checks, ['ok', 'ok #2', 'ok #3']);
});
