import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoadlineError } from '../../core/index.js';
import { spawnCli } from '../../cli/cliProcess.test-kit.js';
import { loadArtilleryScript } from './loadScript.js';
import { phaseStages } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'loadline-artillery-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const BASE = `config:
  target: http://127.0.0.1:9
  phases:
    - duration: 60
      arrivalRate: 5
scenarios:
  - flow:
      - get:
          url: /
`;

async function rejects(text: string, message: RegExp): Promise<void> {
  const path = file(`bad-${Math.random().toString(36).slice(2)}.yml`, text);
  await assert.rejects(loadArtilleryScript(path), (err: unknown) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'), String(err));
    assert.match((err as Error).message, message);
    assert.ok((err as Error).message.startsWith(path), (err as Error).message);
    return true;
  });
}

test('malformed Artillery files are rejected before any load, naming the file, the line, the field and what was expected', async () => {
  await rejects('config:\n  target: [unclosed\n', /:3: invalid YAML/);
  await rejects(BASE.replace('arrivalRate: 5', 'arivalRate: 5'), /:5: config\.phases\[0\]\.arivalRate: expected no such field \(unknown field\)/);
  await rejects(BASE.replace('duration: 60', 'duration: soon'), /:4: config\.phases\[0\]\.duration: got "soon", expected seconds, or a duration such as 30s or 2m/);
  await rejects(BASE.replace('target: http://127.0.0.1:9', 'target: 127.0.0.1:9'), /:2: config\.target: got "127\.0\.0\.1:9", expected an http:\/\/ or https:\/\/ origin/);
  await rejects(BASE.replace('      - get:\n          url: /', '      - fetch:\n          url: /'), /:8: scenarios\[0\]\.flow\[0\]\.fetch: got "fetch", expected one of get, post/);
  await rejects(BASE.replace('url: /', 'url: "/{{ $nope() }}"'), /:9: scenarios\[0\]\.flow\[0\]\.get\.url: got "\/\{\{ \$nope\(\) \}\}", expected \{\{ \$nope\(\) \}\}: unknown function \$nope/);
  await rejects(BASE.replace('url: /', 'url: /\n          capture:\n            - json: "$.items[?(@.id)]"\n              as: id'), /:11: scenarios\[0\]\.flow\[0\]\.get\.capture\[0\]\.json: .*expected a JSON path/);
  await rejects(BASE.replace('    - duration: 60\n      arrivalRate: 5', '    - duration: 60'), /:4: config\.phases\[0\]\.arrivalRate: expected arrivalRate, arrivalCount or rampTo/);
  await rejects(`${BASE}  - flow:\n      - loop:\n          - get: { url: / }\n`, /:11: scenarios\[1\]\.flow\[0\]\.count: expected count, over or whileTrue/);
  await rejects(BASE.replace('config:', 'config:\n  payload:\n    path: missing.csv\n    fields: [a]'), /:3: config\.payload\.path: got "missing\.csv", expected a readable CSV file \(ENOENT\)/);
});

test('-e NAME merges config.environments.NAME; --overrides replaces arrays and merges objects, as Artillery; an unknown environment is named', async () => {
  const path = file('envs.yml', `${BASE.replace('config:', 'config:\n  environments:\n    staging:\n      target: http://127.0.0.1:8\n      http: { timeout: 3 }')}`);
  const staging = await loadArtilleryScript(path, { environment: 'staging' });
  assert.equal(staging.target, 'http://127.0.0.1:8');
  assert.equal(staging.timeoutMs, 3000);
  assert.equal(staging.environment, 'staging');
  const short = await loadArtilleryScript(path, { overrides: { config: { phases: [{ duration: 2, arrivalRate: 1 }], http: { timeout: 1 } } } });
  assert.deepEqual(short.phases, [{ durationMs: 2000, rate: 1, rampTo: 1 }]);
  assert.equal(short.timeoutMs, 1000);
  await assert.rejects(loadArtilleryScript(path, { environment: 'prod' }), /config\.environments: got "prod", expected an environment under config\.environments \(staging\) for -e/);
});

test('phases become open-model stages: jumps to each arrivalRate, ramps to rampTo, arrivalCount as its mean rate, pauses at 0', async () => {
  const path = file('phases.yml', BASE.replace('    - duration: 60\n      arrivalRate: 5', '    - duration: 10\n      arrivalRate: 5\n    - duration: 20\n      arrivalRate: 5\n      rampTo: 20\n    - pause: 5\n    - duration: 4\n      arrivalCount: 8'));
  const s = await loadArtilleryScript(path);
  assert.deepEqual(phaseStages(s.phases), {
    start: 5,
    stages: [
      { durationMs: 10_000, target: 5 },
      { durationMs: 20_000, target: 20 },
      { durationMs: 0, target: 0 },
      { durationMs: 5000, target: 0 },
      { durationMs: 0, target: 2 },
      { durationMs: 4000, target: 2 },
    ],
  });
});

test('loadline run on a malformed Artillery file exits 2 with the file and line, sending nothing', async () => {
  const path = file('cli-bad.yml', BASE.replace('arrivalRate: 5', 'arrivalRate: five'));
  const r = await spawnCli(['run', path]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /cli-bad\.yml:5: config\.phases\[0\]\.arrivalRate: got "five", expected arrivals per second/);
});
