import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCompat } from '../startCompat.js';
import { startSeedTarget } from '../seedTarget.test-kit.js';
import { onFakeTime } from '../compat.test-kit.js';
import { planArtillery } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'loadline-artillery-features-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(join(dir, 'items.csv'), 'sku,qty\nA1,2\nB2,3\n');
writeFileSync(
  join(dir, 'hooks.cjs'),
  `module.exports = {
  pickUser(context, events, done) { context.vars.user = 'u-' + context.vars.$loopCount; events.emit('counter', 'users_picked', 1); done(); },
  sign(requestParams, context, ee, next) { requestParams.headers['x-signed'] = 'yes'; next(); },
  seen(requestParams, response, context, ee, next) { ee.emit('histogram', 'echo_status', response.statusCode); next(); },
  async explode() { throw new Error('processor exploded'); },
};
`,
);

const SCRIPT = `config:
  target: http://127.0.0.1:9
  processor: ./hooks.cjs
  phases:
    - duration: 1
      arrivalCount: 4
  payload:
    path: items.csv
    skipHeader: true
    order: sequence
  variables:
    color: [red]
  defaults:
    headers:
      x-team: "{{ color }}"
  plugins:
    expect: {}
    ensure:
      thresholds:
        - http.response_time.p99: 60000
      conditions:
        - expression: "http.codes.200 > 0 and http.codes.500 == 0"
          strict: false
      maxErrorRate: 0
scenarios:
  - name: features
    flow:
      - loop:
          - function: pickUser
          - get:
              url: "/echo?who={{ user }}&n={{ $randomNumber(1, 9) }}&home={{ $processEnvironment.LOADLINE_TEST_ENV }}"
              beforeRequest: sign
              afterResponse: seen
              capture:
                - regexp: '"who":"(u-[0-9]+)"'
                  as: who
                - header: content-type
                  as: ctype
              expect:
                - statusCode: 200
                - contentType: json
                - hasProperty: query.who
        count: 2
      - post:
          url: /echo
          form:
            sku: "{{ sku }}"
            qty: "{{ qty }}"
          ifTrue: "qty > 1"
      - think: 1
      - get:
          url: /status/500
          expect:
            - statusCode: 200
      - get:
          url: /echo?last={{ who }}
`;

test('an Artillery flow with a processor, loop, ifTrue, captures (regexp, header), expect, ensure, payload, variables and template functions', async () => {
  const target = await startSeedTarget();
  process.env.LOADLINE_TEST_ENV = 'fromenv';
  const file = join(dir, 'features.yml');
  writeFileSync(file, SCRIPT);
  try {
    const result = await onFakeTime((clock) => planArtillery(file, { target: target.url, clock }).then(async (plan) => (await startCompat(plan)).result));
    assert.equal(target.count('GET /echo'), 4 * 3, 'the loop ran twice per VU, then one more GET');
    assert.equal(target.count('POST /echo'), 4, 'qty > 1 on every row');
    assert.equal(target.count('GET /status/500'), 4);
    const checks = result.summary.checks!.byName!;
    assert.equal(checks['GET /status/500: statusCode 200']?.fails, 4, 'the 500 fails its expectation (named with its endpoint: two requests expect 200)');
    assert.equal(checks['contentType json']?.passes, 8);
    assert.equal(checks['hasProperty query.who']?.passes, 8);
    assert.equal(result.summary.captures?.who?.misses, 0);
    assert.equal(result.summary.metrics?.users_picked?.value, 8, 'events.emit counter from the processor');
    assert.equal(result.summary.metrics?.echo_status?.count, 8, 'afterResponse saw each echo');
    // The expect plugin fails the run on a failed expectation (Artillery exits 21); ensure's conditions are judged too.
    const verdict = Object.fromEntries(result.thresholds.map((t) => [t.expression, t]));
    assert.equal(verdict['every expectation passes (expect plugin)']?.ok, false);
    assert.equal(verdict['http.response_time.p99 < 60000']?.ok, true);
    assert.equal(verdict['http.codes.200 > 0 and http.codes.500 == 0']?.ok, false);
    assert.equal(verdict['http.codes.200 > 0 and http.codes.500 == 0']?.level, 'warn', 'strict: false');
    assert.equal(verdict['vusers.error_rate <= 0']?.ok, true, 'no VU failed');
  } finally {
    delete process.env.LOADLINE_TEST_ENV;
    await target.close();
  }
});

test('a strict capture that matches nothing ends that virtual user as failed, and maxErrorRate judges it', async () => {
  const target = await startSeedTarget();
  const file = join(dir, 'capture.yml');
  writeFileSync(
    file,
    `config:
  target: http://127.0.0.1:9
  phases: [{ duration: 1, arrivalCount: 3 }]
  ensure: { maxErrorRate: 10 }
scenarios:
  - flow:
      - get:
          url: /echo
          capture: { json: $.missing, as: x }
      - get: { url: /api/forums/topics }
`,
  );
  try {
    const result = await onFakeTime((clock) => planArtillery(file, { target: target.url, clock }).then(async (plan) => (await startCompat(plan)).result));
    assert.equal(target.count('GET /api/forums/topics'), 0, 'the flow stopped at the failed capture');
    assert.equal(result.summary.captures?.x?.misses, 3);
    const ensure = result.thresholds.find((t) => t.metric === 'maxErrorRate');
    assert.equal(ensure?.ok, false);
    assert.equal(ensure?.observed, 100);
  } finally {
    await target.close();
  }
});
