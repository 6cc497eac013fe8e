import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { RequestSpec, ResponseInfo } from '../../http/types.js';
import { compileScenario } from '../compile/compileScenario.js';
import { CookieJar } from './CookieJar.js';
import { loadScenario } from '../compile/loadScenario.js';
import { MetricRegistry } from '../metrics/MetricRegistry.js';
import { processResponse } from './processResponse.js';
import { seededRandom } from '../random.js';
import { buildRequest, type CompiledRequest } from './request.js';
import { ResponseView } from './ResponseView.js';
import { createVuState, type VuState } from './vuState.js';
import { sendWithNodeHttp } from './send.test-kit.js';
import type { LoopbackServer } from '../../../testing/loopbackServer.js';
import { listenReadingBody } from './bodyServer.test-kit.js';

const dir = new URL('../../../../test/fixtures/scenarios/', import.meta.url);
let target: LoopbackServer;
let origin: string;

before(async () => {
  target = await listenReadingBody((req, res, body) => {
    if (req.url === '/api/v1/auth/login') {
      const { email, password } = JSON.parse(body);
      if (password === 'pass2') return res.writeHead(401).end('{}');
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ token: `tok:${email}` }));
    }
    if (req.url === '/me') {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ vu: req.headers.authorization }));
    }
    res.end(JSON.stringify({ auth: req.headers.authorization ?? null }));
  });
  origin = target.url;
});
after(() => target.close());

const send = (spec: RequestSpec) => sendWithNodeHttp(origin, spec, { bodyOnlyWhenCaptured: true });

async function run(step: CompiledRequest, vu: VuState, view: ResponseView, checks: Array<[string, boolean]>): Promise<ResponseInfo> {
  const spec = buildRequest(step, vu);
  const res = await send(spec);
  processResponse(step, vu, view, res, 5, (name, ok) => checks.push([name, ok]), spec.path);
  return res;
}

test('seed 002 journey: data row, login, token capture, checks and custom metrics', async () => {
  const compiled = compileScenario(await loadScenario(fileURLToPath(new URL('auth-flow.ts', dir))), { target: origin });
  const metrics = new MetricRegistry(compiled.source.metrics);
  const [feeder] = compiled.feeders();
  const view = new ResponseView();
  const checks: Array<[string, boolean]> = [];
  const tokens: unknown[] = [];
  const flow = compiled.flows[0]!;
  for (let i = 0; i < 3; i++) {
    const vu = createVuState({ id: i + 1, target: compiled.target, rng: seededRandom(i), cookies: new CookieJar(), metrics });
    feeder!.assign(vu.vars);
    for (const step of flow.steps) {
      assert.equal(step.kind, 'request');
      if (step.kind !== 'request') continue;
      await run(step.request, vu, view, checks);
    }
    tokens.push(vu.vars.token);
  }
  // Row 2 (bob, pass2) fails its login, so its token is never captured.
  assert.deepEqual(tokens, ['tok:ada@example.com', undefined, 'tok:cy@example.com']);
  assert.deepEqual(checks.map(([n, ok]) => `${n}:${ok}`), ['status is 200:true', 'duration < 1s:true', 'status is 200:false', 'duration < 1s:true', 'status is 200:true', 'duration < 1s:true']);
  assert.equal(metrics.aggregate('api_success_rate', { kind: 'rate' }), 2 / 3);
  assert.equal(metrics.aggregate('api_errors', { kind: 'count' }), 1);
  assert.equal(metrics.aggregate('api_response_time', { kind: 'count' }), 3);
  metrics.destroy();
});

test('captured token flows into the next request of the same VU', async () => {
  const compiled = compileScenario(await loadScenario(fileURLToPath(new URL('auth-flow.yaml', dir))), { target: origin });
  const vu = createVuState({ id: 1, target: compiled.target, rng: seededRandom(1) });
  compiled.feeders()[0]!.assign(vu.vars);
  const [login, batch] = compiled.flows[1]!.steps;
  assert.ok(login?.kind === 'request' && batch?.kind === 'batch');
  await run(login.request, vu, new ResponseView(), []);
  assert.equal(vu.vars.token, 'tok:ada@example.com');
  const specs = batch.requests.map((r) => buildRequest(r, vu));
  assert.deepEqual(specs.map((s) => [s.path, s.headers!.authorization]), [
    ['/api/v1/media', 'Bearer tok:ada@example.com'],
    ['/api/v1/media/search?q=batman', 'Bearer tok:ada@example.com'],
  ]);
  const bodies = await Promise.all(specs.map(send));
  assert.deepEqual(bodies.map((b) => b.status), [200, 200]);
});

test('TS hooks: setup once, before per VU, teardown with setup data; check functions run', async () => {
  process.env.LOADLINE_FIXTURE_KEY = 'k-1';
  const file = fileURLToPath(new URL('hooks.ts', dir));
  const scenario = await loadScenario(file);
  const compiled = compileScenario(scenario, { target: origin });
  const metrics = new MetricRegistry(scenario.metrics);
  const data = await scenario.hooks.setup!({ env: process.env });
  const checks: Array<[string, boolean]> = [];
  for (const id of [1, 2]) {
    const vu = createVuState({ id, target: compiled.target, rng: seededRandom(id), data, metrics });
    await scenario.hooks.before!(vu);
    const step = compiled.flows[0]!.steps[0]!;
    assert.ok(step.kind === 'request');
    assert.equal(step.request.captureBody, true);
    await run(step.request, vu, new ResponseView(), checks);
    assert.equal(vu.data, data);
  }
  await scenario.hooks.teardown!(data);
  assert.deepEqual(checks, [['is json', true], ['names the vu', true], ['is json', true], ['names the vu', true]]);
  assert.equal(metrics.aggregate('logins', { kind: 'count' }), 2);
  assert.deepEqual((globalThis as { loadlineFixtureCalls?: string[] }).loadlineFixtureCalls, ['setup', 'before 1', 'before 2', 'teardown k-1']);
  metrics.destroy();
});
