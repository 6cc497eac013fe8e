import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseResult, type RunResult } from '../core/index.js';
import { formatSummary } from './output/formatSummary.js';
import { runScenario } from './ScenarioRun.js';
import { startWorkers } from './workers/startWorkers.js';
import type { LoopbackServer } from '../testing/loopbackServer.js';
import { listenReadingBody } from './scenario/run/bodyServer.test-kit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/scenarios/${name}`, import.meta.url));
let target: LoopbackServer;
let origin: string;
/** Profiles served to ada, the one user the server calls vip. */
let vipProfiles = 0;

before(async () => {
  target = await listenReadingBody((req, res, body) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/login') {
      const { email } = JSON.parse(body) as { email: string };
      // bob's login answers with another address: the templated `equals` check fails for him only.
      return res.end(JSON.stringify({ token: `t-${email}`, email: email.startsWith('bob') ? 'someone@else.example' : email }));
    }
    if (req.url === '/profile') {
      const vip = req.headers.authorization === 'Bearer t-ada@example.com';
      if (vip) vipProfiles++;
      return res.end(JSON.stringify({ tier: vip ? 'vip' : 'regular' }));
    }
    res.writeHead(404).end();
  });
  origin = target.url;
});
after(() => target.close());

const NAMES = ['login: status is 200', 'json $.email is "{{ email }}"', 'body has email', 'profile: status is 200', 'body contains "vip"'];

/** Lines of the summary's checks listing: from `checks` to the first line that is not indented. */
function checkLines(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('checks '));
  assert.ok(start >= 0, text);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
  return lines.slice(start, end === -1 ? undefined : end);
}

for (const file of ['checks-by-name.yaml', 'checks-by-name.ts']) {
  test(`${file}: every check by name with its request, templated values compared rendered, captures that missed counted`, async () => {
    vipProfiles = 0;
    // One VU takes the rows in order: ada, bob, cy, ada, bob, cy.
    const result = await runScenario({ scenario: fixture(file), target: origin, vus: 1, amount: 6, seed: 1 });
    parseResult(JSON.stringify(result), 'r.json');
    const checks = result.summary.checks!;
    assert.deepEqual(Object.keys(checks.byName!), NAMES);
    assert.deepEqual(checks.byName, {
      'login: status is 200': { passes: 6, fails: 0, rate: 1, request: 'login' },
      'json $.email is "{{ email }}"': { passes: 4, fails: 2, rate: 4 / 6, request: 'login' },
      'body has email': { passes: 6, fails: 0, rate: 1, request: 'login' },
      'profile: status is 200': { passes: 6, fails: 0, rate: 1, request: 'profile' },
      'body contains "vip"': { passes: 2, fails: 4, rate: 2 / 6, request: 'profile' },
    });
    assert.equal(vipProfiles, 2);
    assert.deepEqual([checks.passes, checks.fails], [24, 6]);
    assert.deepEqual(result.summary.captures, {
      token: { request: 'login', responses: 6, misses: 0 },
      refresh: { request: 'login', responses: 6, misses: 6 },
    });

    const text = formatSummary(result);
    const lines = checkLines(text);
    assert.match(lines[0]!, /^checks +80\.00% +✓ 24 +✗ 6$/);
    // Failing checks first, each with its pass rate and counts.
    assert.match(lines[1]!, /^ {2}✗ body contains "vip" +33\.33% +✓ 2 +✗ 4$/);
    assert.match(lines[2]!, /^ {2}✗ json \$\.email is "\{\{ email \}\}" +66\.67% +✓ 4 +✗ 2$/);
    assert.match(lines[3]!, /^ {2}✓ login: status is 200 +100\.00% +✓ 6 +✗ 0$/);
    assert.equal(lines.length, 6);
    for (const l of lines) assert.ok(l.length <= 80, `${l.length} columns: ${l}`);
    assert.match(text, /^capture refresh: never matched in 6 of 6 responses$/m);
    assert.doesNotMatch(text, /capture token/);
  });
}

test('check and capture counts of 2 workers merge exactly', async () => {
  vipProfiles = 0;
  const run = await startWorkers({ scenario: { file: fixture('checks-by-name.yaml'), target: origin, seed: 2 }, vus: 2, amount: 12, workers: 2 });
  const result: RunResult = await run.result;
  parseResult(JSON.stringify(result), 'r.json');
  const byName = result.summary.checks!.byName!;
  assert.deepEqual(Object.keys(byName), NAMES);
  for (const name of NAMES) assert.equal(byName[name]!.passes + byName[name]!.fails, 12, name);
  assert.equal(byName['body contains "vip"']!.passes, vipProfiles, 'a pass per vip profile the server sent');
  const sum = (k: 'passes' | 'fails') => Object.values(byName).reduce((a, c) => a + c[k], 0);
  assert.deepEqual([sum('passes'), sum('fails')], [result.summary.checks!.passes, result.summary.checks!.fails]);
  assert.deepEqual(result.summary.captures!.refresh, { request: 'login', responses: 12, misses: 12 });
  assert.deepEqual(result.summary.captures!.token, { request: 'login', responses: 12, misses: 0 });
});
