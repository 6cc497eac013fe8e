import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCapture } from './capture.js';
import { compileCheck } from './check.js';
import type { NormalizedCheck } from '../compile/normalizedModel.js';
import { seededRandom } from '../random.js';
import { ResponseView } from './ResponseView.js';
import { createVuState } from './vuState.js';

const vu = createVuState({ id: 1, target: 'http://127.0.0.1:1', rng: seededRandom(1) });
const view = (status: number, body: string, headers: Record<string, string | string[]> = {}, durationMs = 10) =>
  new ResponseView().reset({ status, headers, body: Buffer.from(body) }, durationMs);
const check = (c: Partial<NormalizedCheck>) => compileCheck({ name: 'c', status: undefined, header: undefined, body: undefined, maxDurationMs: undefined, fn: undefined, ...c });

test('captures from a JSON path, a header and a regex group', () => {
  const r = view(200, '{"token":"abc","items":[{"id":7}]} csrf="beef"', { 'x-request-id': 'r-1', 'set-cookie': ['a=1', 'b=2'] });
  const vars: Record<string, unknown> = {};
  assert.equal(compileCapture({ as: 'token', source: 'json', expression: '$.token', group: 0, default: undefined }).apply(r, vars), false, 'not JSON: the body has a suffix');
  const json = view(200, '{"token":"abc","items":[{"id":7}]}');
  compileCapture({ as: 'token', source: 'json', expression: '$.token', group: 0, default: undefined }).apply(json, vars);
  compileCapture({ as: 'id', source: 'json', expression: '$.items[0].id', group: 0, default: undefined }).apply(json, vars);
  compileCapture({ as: 'rid', source: 'header', expression: 'x-request-id', group: 0, default: undefined }).apply(r, vars);
  compileCapture({ as: 'cookies', source: 'header', expression: 'set-cookie', group: 0, default: undefined }).apply(r, vars);
  compileCapture({ as: 'csrf', source: 'regex', expression: 'csrf="([a-f0-9]+)"', group: 1, default: undefined }).apply(r, vars);
  assert.deepEqual(vars, { token: 'abc', id: 7, rid: 'r-1', cookies: 'a=1, b=2', csrf: 'beef' });
});

test('a capture that does not match keeps the variable or stores its default', () => {
  const vars: Record<string, unknown> = { token: 'old' };
  const r = view(200, '{}');
  assert.equal(compileCapture({ as: 'token', source: 'json', expression: '$.token', group: 0, default: undefined }).apply(r, vars), false);
  assert.equal(vars.token, 'old');
  compileCapture({ as: 'user', source: 'regex', expression: 'user-\\d+', group: 0, default: 'anonymous' }).apply(r, vars);
  assert.equal(vars.user, 'anonymous');
});

test('status, header, body and latency checks', () => {
  const r = view(201, '{"profile":{"active":true,"id": 12}}', { 'content-type': 'application/json' }, 120);
  assert.equal(check({ status: [200, 201] }).test(r, vu), true);
  assert.equal(check({ status: [200] }).test(r, vu), false);
  assert.equal(check({ header: { name: 'Content-Type', matches: '^application/json' } }).test(r, vu), true);
  assert.equal(check({ header: { name: 'content-type', equals: 'text/html' } }).test(r, vu), false);
  assert.equal(check({ header: { name: 'x-powered-by', present: false } }).test(r, vu), true);
  assert.equal(check({ header: { name: 'x-powered-by' } }).test(r, vu), false);
  assert.equal(check({ body: { json: '$.profile.active', equals: true } }).test(r, vu), true);
  assert.equal(check({ body: { json: '$.profile.active', equals: false } }).test(r, vu), false);
  assert.equal(check({ body: { json: '$.profile.missing' } }).test(r, vu), false);
  assert.equal(check({ body: { contains: '"active":true' } }).test(r, vu), true);
  assert.equal(check({ body: { matches: '"id":\\s*\\d+' } }).test(r, vu), true);
  assert.equal(check({ maxDurationMs: 250 }).test(r, vu), true);
  assert.equal(check({ maxDurationMs: 100 }).test(r, vu), false);
  assert.equal(check({ status: [201], maxDurationMs: 100 }).test(r, vu), false, 'every condition must hold');
});

test('TS check functions and body predicates; a throwing function fails the check', () => {
  const r = view(200, '{"vu":1}');
  assert.equal(check({ fn: (res, ctx) => res.status === 200 && ctx.id === 1 }).test(r, vu), true);
  assert.equal(check({ body: (body, res) => body.includes('vu') && res.status === 200 }).test(r, vu), true);
  assert.equal(check({ fn: () => { throw new Error('boom'); } }).test(r, vu), false);
  assert.equal(check({ body: () => { throw new Error('boom'); } }).test(r, vu), false);
  assert.equal(check({ fn: () => true }).needsBody, true);
  assert.equal(check({ status: [200] }).needsBody, false);
});

test('ResponseView parses JSON once and survives reset', () => {
  const v = view(200, '{"a":1}');
  const first = v.json();
  assert.equal(v.json(), first);
  v.reset({ status: 500, headers: {}, body: undefined }, 1);
  assert.equal(v.body, '');
  assert.equal(v.json(), undefined);
  assert.equal(v.status, 500);
});

test('templates in check values render from the VU: equals and contains compare the value, not the literal text', () => {
  const me = createVuState({ id: 1, target: 'http://127.0.0.1:1', rng: seededRandom(1), vars: { email: 'ada@example.com', qty: 3, user: { id: 'u-7' } } });
  const r = view(200, '{"email":"ada@example.com","qty":3,"id":"u-7"}', { 'x-user': 'ada@example.com' });
  assert.equal(check({ body: { json: '$.email', equals: '{{ email }}' } }).test(r, me), true);
  assert.equal(check({ body: { json: '$.qty', equals: '{{ qty }}' } }).test(r, me), true, 'a lone {{ var }} keeps its type');
  assert.equal(check({ body: { contains: '"id":"{{ user.id }}"' } }).test(r, me), true);
  assert.equal(check({ header: { name: 'x-user', equals: '{{ email }}' } }).test(r, me), true);
  const other = createVuState({ id: 2, target: 'http://127.0.0.1:1', rng: seededRandom(1), vars: { email: 'bob@example.com', qty: '3' } });
  assert.equal(check({ body: { json: '$.email', equals: '{{ email }}' } }).test(r, other), false);
  assert.equal(check({ body: { json: '$.qty', equals: '{{ qty }}' } }).test(r, other), false, 'the string "3" is not the number 3');
  assert.equal(check({ header: { name: 'x-user', equals: '{{ email }}' } }).test(r, other), false);
  assert.equal(check({ body: { contains: 'mail":"{{ email }}' } }).test(r, other), false);
});
