import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnCli } from './cliProcess.test-kit.js';
import { startSeedTarget, type SeedTarget } from '../compat/seedTarget.test-kit.js';
import { detectForeignScript as detectForeignScenario } from '../compat/detect.js';

// Outside this repository, so nothing resolves `loadline` for a scenario written there.
const tmp = mkdtempSync(join(tmpdir(), 'loadline-foreign-'));
const fixture = (path: string) => fileURLToPath(new URL(`../../test/fixtures/${path}`, import.meta.url));
let target: SeedTarget;
test.before(async () => {
  target = await startSeedTarget();
});
test.after(async () => {
  await target.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('loadline run runs a k6 script with k6 flags: -e, --iterations, --vus, --out json=FILE, --summary-export, --out FILE', async () => {
  const json = join(tmp, 'samples.json');
  const exported = join(tmp, 'export.json');
  const out = join(tmp, 'result.json');
  const r = await spawnCli(['run', fixture('k6/seed-002.js'), '-e', `BASE_URL=${target.url}`, '--vus', '2', '--iterations', '2', '--out', `json=${json}`, '--summary-export', exported, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /api_success_rate/);
  assert.match(r.stderr, /INFO\[\d+\] Load test completed {2}source=console/, 'teardown ran, console to stderr');
  const lines = readFileSync(json, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; metric: string; data: { tags?: Record<string, string> } });
  assert.equal(lines.filter((l) => l.type === 'Point' && l.metric === 'http_reqs').length, 8);
  assert.ok(lines.some((l) => l.type === 'Metric' && l.metric === 'api_response_time'));
  assert.ok(lines.some((l) => l.type === 'Point' && l.metric === 'checks' && l.data.tags?.check === 'login successful'));
  const summary = JSON.parse(readFileSync(exported, 'utf8'));
  assert.equal(summary.metrics.http_reqs.count, 8);
  assert.equal(summary.metrics.api_success_rate.value, 1);
  const result = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(result.summary.total.requests, 8);
  assert.equal(result.config.target, target.url);
});

test('k6 exit codes: an unsupported import exits 2 naming module and line before any load; the init context throwing exits 107; exec.test.abort() exits 108', async () => {
  const unsupported = await spawnCli(['run', fixture('k6/unsupported.js')]);
  assert.equal(unsupported.code, 2, unsupported.stderr);
  assert.match(unsupported.stderr, /unsupported\.js:3: import "k6\/browser": loadline does not provide this k6 module/);
  const init = await spawnCli(['run', fixture('k6/init-error.js')]);
  assert.equal(init.code, 107, init.stderr);
  assert.match(init.stderr, /init-error\.js: the init context threw: Error: open\("\.\/missing-config\.json"\): ENOENT/);
  const before = target.count('GET /status/500');
  const abort = await spawnCli(['run', fixture('k6/abort.js'), '-e', `BASE_URL=${target.url}`, '--quiet']);
  assert.equal(abort.code, 108, abort.stderr);
  assert.equal(target.count('GET /status/500') - before, 1, 'no iteration after the abort');
});

test('a k6 iteration that throws ends that iteration, is reported once, and the test goes on (as in k6)', async () => {
  const before = target.count('GET /api/forums/topics');
  const r = await spawnCli(['run', fixture('k6/iteration-error.js'), '-e', `BASE_URL=${target.url}`, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(target.count('GET /api/forums/topics') - before, 3);
  assert.equal(r.stderr.match(/ERRO script error in an iteration/g)?.length, 1);
  assert.match(r.stderr, /TypeError: Cannot read properties of undefined \(reading 'here'\)/);
  assert.match(r.stderr, /iteration-error\.js:7/);
});

test('loadline run runs an Artillery file with -e NAME and --overrides; ensure failures exit 99; flags a tool does not take exit 2', async () => {
  const file = join(tmp, 'art.yml');
  writeFileSync(
    file,
    `config:
  target: http://127.0.0.1:9
  phases:
    - duration: 600
      arrivalRate: 50
  environments:
    local:
      target: ${target.url}
  ensure:
    p99: 1
scenarios:
  - flow:
      - get: { url: /api/forums/topics }
`,
  );
  const before = target.count('GET /api/forums/topics');
  const r = await spawnCli(['run', file, '-e', 'local', '--overrides', '{"config":{"phases":[{"duration":1,"arrivalCount":5}]}}', '--quiet']);
  assert.equal(target.count('GET /api/forums/topics') - before, 5);
  assert.equal(r.code, r.stderr.includes('http.response_time.p99 < 1') ? 99 : 0, r.stderr);
  const bad = await spawnCli(['run', file, '--iterations', '3']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--iterations: got "3", expected flags an Artillery file takes/);
  const k6Rate = await spawnCli(['run', fixture('k6/seed-002.js'), '--rate', '10/s']);
  assert.equal(k6Rate.code, 2);
  assert.match(k6Rate.stderr, /--rate: got "10\/s", expected flags a k6 script takes/);
});

test("a TS scenario outside a project with loadline installed gets a hint on how to resolve 'loadline/load'", async () => {
  const file = join(tmp, 'outside.ts');
  writeFileSync(file, `import { defineScenario } from 'loadline/load';\nexport default defineScenario({ target: 'http://127.0.0.1:1', flows: [{ name: 'a', steps: [{ request: { path: '/' } }] }] });\n`);
  const r = await spawnCli(['run', file, '--amount', '1']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /Cannot find module 'loadline\/load'/);
  assert.match(r.stderr, /hint: .*imports 'loadline\/load'.*npm install --save-dev loadline/);
});

test('detectForeignScenario: k6 imports in any form, Artillery top-level keys; loadline scenarios are left alone', () => {
  assert.equal(detectForeignScenario('a.ts', `const http = require("k6/http");`)?.tool, 'k6');
  assert.equal(detectForeignScenario('a.mjs', `import { check } from 'k6';`)?.tool, 'k6');
  assert.equal(detectForeignScenario('a.ts', `import { defineScenario } from 'loadline/load';`), undefined);
  assert.equal(detectForeignScenario('a.yaml', 'target: http://x\nflows:\n  - name: a\n'), undefined);
  assert.equal(detectForeignScenario('a.yaml', 'target: http://x\nconfig: 1\nflows: []\n'), undefined);
  assert.equal(detectForeignScenario('a.yml', 'config:\n  target: http://x\nscenarios: []\n')?.tool, 'artillery');
});

test('loadline find climbs a k6 script: each step runs its default function at the offered arrival rate', async () => {
  const file = join(tmp, 'ladder.js');
  writeFileSync(file, `import http from 'k6/http';\nimport { check } from 'k6';\nexport default function () {\n  const res = http.get('${target.url}/api/wiki/pages/1');\n  check(res, { ok: (r) => r.status === 200 });\n}\n`);
  const before = target.count('GET /api/wiki/pages/1');
  const r = await spawnCli(['find', file, '--slo', 'http_req_failed:rate<0.01', '--start', '10', '--max', '20', '--step-duration', '2s', '--warmup', '0s', '--budget', '20s', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.maxSustainable.rate, 20);
  assert.ok(target.count('GET /api/wiki/pages/1') - before >= 50, 'one request per iteration, at 10/s then 20/s');
});
