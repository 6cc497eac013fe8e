import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { RequestSpec } from '../../http/types.js';
import { compileScenario } from '../compile/compileScenario.js';
import { loadScenario } from '../compile/loadScenario.js';
import { seededRandom } from '../random.js';
import { buildRequest, compileRequest } from './request.js';
import { createVuState } from './vuState.js';
import { CookieJar } from './CookieJar.js';
import { FakeClock } from '../../../core/index.js';
import { sendWithNodeHttp } from './send.test-kit.js';
import type { LoopbackServer } from '../../../testing/loopbackServer.js';
import { listenReadingBody } from './bodyServer.test-kit.js';

const fixture = fileURLToPath(new URL('../../../../test/fixtures/scenarios/bodies-and-templates.yaml', import.meta.url));
let target: LoopbackServer;
let origin: string;

before(async () => {
  target = await listenReadingBody((req, res, body) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  });
  origin = target.url;
});
after(() => target.close());

const send = (spec: RequestSpec) => sendWithNodeHttp(origin, spec);

test('form, query, templated path and raw body reach a real server as built', async () => {
  process.env.LOADLINE_FIXTURE_TARGET = 'http://127.0.0.1:9';
  const compiled = compileScenario(await loadScenario(fixture), { target: origin });
  assert.equal(compiled.target, origin);
  const vu = createVuState({ id: 1, target: compiled.target, rng: seededRandom(5) });
  const [feeder] = compiled.feeders({ rng: seededRandom(1) });
  feeder!.assign(vu.vars);
  assert.ok(vu.vars.sku === 'A-1' || vu.vars.sku === 'B-2');

  const [form, raw] = compiled.flows[0]!.steps;
  assert.ok(form?.kind === 'request' && raw?.kind === 'request');
  const spec = buildRequest(form.request, vu);
  assert.equal(spec.method, 'POST');
  assert.match(spec.path, /^\/orders\/[0-9a-f-]{36}\?page=\d+&sku=[AB]-[12]$/);
  const echoed = JSON.parse((await send(spec)).body!.toString());
  assert.equal(echoed.url, spec.path);
  assert.equal(echoed.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(echoed.headers.cookie, undefined);
  assert.equal(echoed.body, `sku=${vu.vars.sku}&qty=${vu.vars.qty}&note=hello%20world`);
  const page = Number(new URLSearchParams(spec.path.split('?')[1]).get('page'));
  assert.ok(page >= 1 && page <= 100);

  const rawSpec = buildRequest(raw.request, vu);
  const echoed2 = JSON.parse((await send(rawSpec)).body!.toString());
  assert.equal(echoed2.method, 'PUT');
  assert.equal(echoed2.headers['content-type'], 'text/plain');
  assert.match(echoed2.headers['x-run'], /^[A-Za-z0-9]{8}$/);
  assert.match(echoed2.body, new RegExp(`^note [A-Za-z0-9]{10} for ${vu.vars.sku}$`));
  assert.equal(raw.request.redirects, 3);
});

test('JSON bodies keep the types of lone variables; default headers merge under step headers', async () => {
  const step = compileRequest(
    {
      name: 'login', method: 'POST', path: '/login', headers: { 'X-Step': 's', 'Content-Type': 'application/vnd.api+json' }, query: {},
      body: { kind: 'json', value: { email: '{{ email }}', qty: '{{ qty }}', tags: ['a', '{{ tag }}'], fixed: 1, nil: null } },
      timeoutMs: 2500, redirects: 0, captures: [], checks: [], record: [],
    },
    { 'x-default': 'd', 'x-step': 'overridden' },
  );
  const vu = createVuState({ id: 2, target: origin, rng: seededRandom(1), vars: { email: 'a@x', qty: 3, tag: 'b' } });
  const spec = buildRequest(step, vu);
  assert.deepEqual(spec.headers, { 'x-default': 'd', 'x-step': 's', 'content-type': 'application/vnd.api+json' });
  assert.equal(spec.headers, buildRequest(step, vu).headers, 'constant headers are shared, not rebuilt');
  assert.equal(spec.timeoutMs, 2500);
  assert.equal(spec.captureBody, undefined);
  const echoed = JSON.parse((await send(spec)).body!.toString());
  assert.deepEqual(JSON.parse(echoed.body), { email: 'a@x', qty: 3, tags: ['a', 'b'], fixed: 1, nil: null });
  assert.equal(echoed.headers['x-step'], 's');
});

test('a target is required and must be an http origin', async () => {
  const s = await loadScenario(fixture);
  assert.throws(() => compileScenario({ ...s, target: undefined }), /target: expected a target origin in the scenario or given with --target/);
  assert.throws(() => compileScenario(s, { target: 'ftp://x' }), /target: got "ftp:\/\/x", expected an origin/);
  assert.equal(compileScenario(s, { target: 'http://127.0.0.1:8080/ignored/path' }).target, 'http://127.0.0.1:8080');
});

test('a step that renders the same as last time returns the same spec, so its encoding is reused', () => {
  const step = compileRequest(
    { name: 'me', method: 'GET', path: '/users/{{ id }}', headers: { authorization: 'Bearer {{ token }}' }, query: {}, body: undefined, timeoutMs: undefined, redirects: 0, captures: [], checks: [], record: [] },
    { 'user-agent': 'loadline' },
  );
  const jar = new CookieJar(new FakeClock());
  const vu = createVuState({ id: 1, target: origin, rng: seededRandom(1), cookies: jar, vars: { id: 1, token: 'a' } });
  const first = buildRequest(step, vu);
  assert.equal(buildRequest(step, vu), first);
  vu.vars.token = 'b';
  const second = buildRequest(step, vu);
  assert.notEqual(second, first);
  assert.equal(second.headers!.authorization, 'Bearer b');
  assert.equal(second.path, first.path);
  jar.setCookies('sid=1; Path=/', { host: '127.0.0.1', path: '/' });
  const third = buildRequest(step, vu);
  assert.notEqual(third, second);
  assert.equal(third.headers!.cookie, 'sid=1');
  jar.setCookies('sid=1; Path=/', { host: '127.0.0.1', path: '/' });
  assert.equal(buildRequest(step, vu), third, 'the same cookie set again changes nothing');
  jar.setCookies('sid=2; Path=/', { host: '127.0.0.1', path: '/' });
  assert.equal(buildRequest(step, vu).headers!.cookie, 'sid=2');
  const fourth = buildRequest(step, vu);
  vu.vars.id = 2;
  assert.equal(buildRequest(step, vu), fourth, 'only the path changed: the same spec, path updated');
  assert.equal(fourth.path, '/users/2');
  const other = createVuState({ id: 2, target: origin, rng: seededRandom(2), vars: { id: 1, token: 'a' } });
  assert.notEqual(buildRequest(step, other), first, 'specs are per VU');
});

test('a JSON body is the exact JSON.stringify text of the rendered value, unset lone variables left out as JSON does', () => {
  const value = {
    s: 'plain "quoted" \\ text', t: 'u{{ n }}@x.io', lone: '{{ obj }}', unset: '{{ missing }}', n: '{{ n }}',
    list: ['{{ missing }}', '{{ n }}', 'x{{ missing }}y', 2, true, null, { deep: '{{ obj.k }}' }], '2': 'integer key', 'ünï': 'ç\n\u2028',
  };
  const step = compileRequest({ name: 'b', method: 'POST', path: '/', headers: {}, query: {}, body: { kind: 'json', value }, timeoutMs: undefined, redirects: 0, captures: [], checks: [], record: [] });
  const vars = { n: 7, obj: { k: 'v"w', arr: [1, { z: null }] } };
  const vu = createVuState({ id: 1, target: origin, rng: seededRandom(1), vars });
  const expected = JSON.stringify({
    s: value.s, t: 'u7@x.io', lone: vars.obj, unset: undefined, n: 7,
    list: [undefined, 7, 'xy', 2, true, null, { deep: 'v"w' }], '2': 'integer key', 'ünï': value['ünï'],
  });
  assert.equal(buildRequest(step, vu).body, expected);
  const constant = compileRequest({ name: 'c', method: 'POST', path: '/', headers: {}, query: {}, body: { kind: 'json', value: { a: [1, 'b', { c: null }] } }, timeoutMs: undefined, redirects: 0, captures: [], checks: [], record: [] });
  assert.equal(buildRequest(constant, vu).body, '{"a":[1,"b",{"c":null}]}');
});

test('headers are rendered again when a variable they read changes, also inside an object, and when the cookie changes', () => {
  const step = compileRequest(
    { name: 'h', method: 'GET', path: '/', headers: { authorization: 'Bearer {{ token }}', 'x-user': '{{ user }}', 'x-id': '{{ user.id }}' }, query: {}, body: undefined, timeoutMs: undefined, redirects: 0, captures: [], checks: [], record: [] },
  );
  const jar = new CookieJar(new FakeClock());
  const vu = createVuState({ id: 1, target: origin, rng: seededRandom(1), cookies: jar, vars: { token: 't1', user: { id: 1 } } });
  assert.equal(buildRequest(step, vu).headers!['x-user'], '{"id":1}');
  (vu.vars.user as { id: number }).id = 2;
  let h = buildRequest(step, vu).headers!;
  assert.deepEqual([h['x-user'], h['x-id']], ['{"id":2}', '2'], 'an object changed in place is noticed');
  vu.vars.user = 'u';
  assert.equal(buildRequest(step, vu).headers!['x-user'], 'u');
  const same = buildRequest(step, vu);
  assert.equal(buildRequest(step, vu), same);
  vu.vars.token = 't2';
  assert.equal(buildRequest(step, vu).headers!.authorization, 'Bearer t2');
  jar.setCookies('sid=9; Path=/', { host: '127.0.0.1', path: '/' });
  h = buildRequest(step, vu).headers!;
  assert.deepEqual([h.cookie, h.authorization], ['sid=9', 'Bearer t2']);
  vu.vars.token = 7;
  assert.equal(buildRequest(step, vu).headers!.authorization, 'Bearer 7');
  vu.vars.token = '7';
  assert.equal(buildRequest(step, vu).headers!.authorization, 'Bearer 7');
});
