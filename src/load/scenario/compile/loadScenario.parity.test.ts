import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadScenario } from './loadScenario.js';

const dir = fileURLToPath(new URL('../../../../test/fixtures/scenarios/', import.meta.url));
const pairs = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length));

test('every YAML fixture has a TS twin', () => {
  assert.ok(pairs.length >= 3, `found ${pairs.length} fixtures`);
  for (const name of pairs) assert.ok(readdirSync(dir).includes(`${name}.ts`), `${name}.ts is missing`);
});

for (const name of pairs) {
  test(`${name}: .ts and .yaml load to the same normalized scenario`, async () => {
    const fromTs = await loadScenario(join(dir, `${name}.ts`));
    const fromYaml = await loadScenario(join(dir, `${name}.yaml`));
    assert.match(fromTs.file, /\.ts$/);
    assert.match(fromYaml.file, /\.yaml$/);
    assert.deepStrictEqual({ ...fromTs, file: '' }, { ...fromYaml, file: '' });
    assert.ok(fromTs.flows.length > 0);
  });
}

test('auth-flow: the seed 002 journey is normalized as expected', async () => {
  const s = await loadScenario(join(dir, 'auth-flow.yaml'));
  assert.equal(s.name, 'auth-flow');
  assert.deepEqual(s.flows.map((f) => [f.name, f.weight]), [['Authentication Flow', 30], ['Media Browsing', 50], ['Playlist Management', 20]]);
  const login = s.flows[0]!.steps[0]!;
  assert.equal(login.kind, 'request');
  if (login.kind !== 'request') return;
  assert.equal(login.request.method, 'POST');
  assert.equal(login.request.redirects, 10);
  assert.deepEqual(login.request.captures, [{ as: 'token', source: 'json', expression: '$.token', group: 0, default: undefined }]);
  assert.deepEqual(login.request.checks.map((c) => [c.name, c.status, c.maxDurationMs]), [['status is 200', [200], undefined], ['duration < 1s', undefined, 1000]]);
  const media = s.flows[1]!.steps;
  assert.equal(media[1]!.kind, 'batch');
  assert.deepEqual(media[2], { kind: 'think', minMs: 2000, maxMs: 2000 });
  assert.deepEqual(s.flows[2]!.steps[1], { kind: 'think', minMs: 500, maxMs: 3000 });
  const playlist = s.flows[2]!.steps[0]!;
  assert.ok(playlist.kind === 'request' && playlist.request.redirects === 0 && playlist.request.timeoutMs === 5000);
  assert.deepEqual(s.data[0]!.rows[0], { email: 'ada@example.com', password: 'pa,ss1' });
  assert.deepEqual(s.metrics, { api_errors: 'counter', api_success_rate: 'rate', api_response_time: 'trend' });
  const t = s.thresholds.map((r) => [r.key, r.expression.source, r.level, r.abortOnFail, r.delayAbortEvalMs]);
  assert.deepEqual(t, [
    ['http_req_duration', 'http_req_duration:p(95)<127', 'error', false, 0],
    ['http_req_duration', 'http_req_duration:p(99)<500', 'error', true, 10_000],
    ['http_req_duration{name:login}', 'http_req_duration{name:login}:p(95)<200', 'warn', false, 0],
    ['http_req_failed', 'http_req_failed:rate<0.01', 'error', false, 0],
    ['checks', 'checks:rate>0.99', 'error', false, 0],
    ['api_success_rate', 'api_success_rate:rate>0.99', 'error', false, 0],
  ]);
  assert.deepEqual(s.thresholds[2]!.expression.tags, { name: 'login' });
});

test('hooks.ts: TS-only hooks and check functions survive loading', async () => {
  const s = await loadScenario(join(dir, 'hooks.ts'));
  assert.equal(typeof s.hooks.setup, 'function');
  assert.equal(typeof s.hooks.before, 'function');
  assert.equal(typeof s.hooks.teardown, 'function');
  const step = s.flows[0]!.steps[0]!;
  assert.ok(step.kind === 'request');
  assert.equal(typeof step.request.checks[0]!.fn, 'function');
  assert.equal(typeof step.request.checks[1]!.body, 'function');
  assert.equal(step.request.name, 'GET /me');
});

test('plain JavaScript modules load without a build step too', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const tmp = mkdtempSync(join(tmpdir(), 'loadline-js-'));
  try {
    writeFileSync(join(tmp, 's.mjs'), "export default { target: 'http://127.0.0.1:1', flows: [{ name: 'f', steps: [{ think: '1s' }] }] };\n");
    writeFileSync(join(tmp, 's.yml'), "target: http://127.0.0.1:1\nflows: [{ name: f, steps: [{ think: 1s }] }]\n");
    const js = await loadScenario(join(tmp, 's.mjs'));
    const yml = await loadScenario(join(tmp, 's.yml'));
    assert.deepStrictEqual({ ...js, file: '' }, { ...yml, file: '' });
    assert.equal(js.name, 's');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
