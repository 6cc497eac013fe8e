import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseResult } from '../core/index.js';
import { runScenario } from './ScenarioRun.js';
import { thresholdsPassed } from './stats/thresholds.js';
import type { LoopbackServer } from '../testing/loopbackServer.js';
import { listenReadingBody } from './scenario/run/bodyServer.test-kit.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/scenarios/${name}`, import.meta.url));
let target: LoopbackServer;
let origin: string;
const emails: string[] = [];
/** Batch members wait for each other: a sequential batch would never be answered with 200. */
const waiting = new Map<string, { res: ServerResponse; timer: NodeJS.Timeout }>();

function pair(key: string, res: ServerResponse): void {
  const other = waiting.get(key);
  if (other) {
    waiting.delete(key);
    clearTimeout(other.timer);
    other.res.end('{}');
    res.end('{}');
    return;
  }
  waiting.set(key, { res, timer: setTimeout(() => (waiting.delete(key), res.writeHead(504).end()), 2000) });
}

before(async () => {
  target = await listenReadingBody((req, res, body) => {
    const auth = req.headers.authorization ?? '';
    if (req.url === '/login') {
      const { email } = JSON.parse(body) as { email: string };
      emails.push(email);
      res.setHeader('set-cookie', `sid=s-${email}; Path=/`);
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ token: `secret-${email}-xyz` }));
    }
    if (req.url === '/items') return auth.startsWith('Bearer secret-') ? pair(auth, res) : res.writeHead(401).end();
    if (req.url === '/cart') return /sid=s-/.test(req.headers.cookie ?? '') ? pair(auth, res) : res.writeHead(403).end();
    if (req.url === '/old') return res.writeHead(302, { location: '/new' }).end();
    if (req.url === '/new') return res.end('the new page');
    res.writeHead(404).end();
  });
  origin = target.url;
});
after(() => target.close());

for (const file of ['shop-journey.yaml', 'shop-journey.ts']) {
  test(`${file}: flow steps, batch in parallel, redirect hops, captures, cookies, rows, checks and custom metrics`, async () => {
    emails.length = 0;
    const result = await runScenario({ scenario: fixture(file), target: origin, vus: 2, amount: 6, seed: 1 });
    parseResult(JSON.stringify(result), 'r.json');
    const byName = Object.fromEntries(result.summary.endpoints.map((e) => [e.name, e]));
    assert.deepEqual(Object.keys(byName), ['login', 'items', 'cart', 'old page']);
    assert.deepEqual(byName.items!.statusCodes, { 200: 6 });
    assert.deepEqual(byName.cart!.statusCodes, { 200: 6 }, 'the session cookie from login reaches /cart');
    // The redirect hop is a request of the step's endpoint; checks run on the final response.
    assert.deepEqual(byName['old page']!.statusCodes, { 200: 6, 302: 6 });
    assert.equal(byName['old page']!.errors.byKind.check, 6);
    assert.equal(result.summary.total.errors.byKind.check, 6);
    assert.deepEqual(result.summary.checks, {
      passes: 18,
      fails: 6,
      rate: 0.75,
      byName: {
        'status is 200': { passes: 6, fails: 0, rate: 1, request: 'login' },
        'items ok': { passes: 6, fails: 0, rate: 1, request: 'items' },
        landed: { passes: 6, fails: 0, rate: 1, request: 'old page' },
        'always fails': { passes: 0, fails: 6, rate: 0, request: 'old page' },
      },
    });
    assert.deepEqual(result.summary.captures, { token: { request: 'login', responses: 6, misses: 0 } });
    assert.equal(result.summary.iterations!.count, 6);
    assert.deepEqual([...new Set(emails)].sort(), ['ada@example.com', 'bob@example.com', 'cy@example.com']);
    assert.equal(result.summary.metrics!.logins_ok!.count, 6);
    assert.equal(result.summary.metrics!.logins_ok!.value, 1);
    assert.equal(result.summary.metrics!.cart_time!.count, 6);
    assert.equal(result.config.scenario, 'shop-journey');
    // Captured tokens never reach the result.
    assert.ok(!JSON.stringify(result).includes('secret-'));

    const t = Object.fromEntries(result.thresholds.map((r) => [r.expression, r]));
    assert.equal(t['http_req_failed:rate<0.01']!.ok, true);
    assert.equal(t['http_req_duration{name:login}:p(95)<5000']!.ok, true);
    assert.equal(t['logins_ok:rate>0.5']!.ok, true);
    assert.equal(t['checks:rate>0.99']!.ok, false);
    assert.equal(t['checks:rate>0.99']!.level, 'warn');
    assert.equal(t['never_recorded:count>0']!.ok, false);
    assert.match(t['never_recorded:count>0']!.reason!, /no samples/);
    assert.equal(thresholdsPassed(result.thresholds), false);
  });
}

test('TS hooks: setup once (its data reaches every VU), before once per VU, teardown once with the setup data', async () => {
  const calls = ((globalThis as { engineHookCalls?: string[] }).engineHookCalls ??= []);
  process.env.LOADLINE_HOOK_SECRET = 'hush';
  const seen = new Set<string>();
  const local = createServer((req, res) => {
    seen.add(String(req.headers.authorization));
    res.end('me');
  });
  await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
  try {
    const port = (local.address() as AddressInfo).port;
    const result = await runScenario({ scenario: fixture('engine-hooks.ts'), target: `http://127.0.0.1:${port}`, vus: 3, amount: 9 });
    assert.deepEqual(calls, ['setup', 'before:main', 'before:main', 'before:main', 'teardown:main']);
    assert.deepEqual([...seen].sort(), ['Bearer vu-1-hush', 'Bearer vu-2-hush', 'Bearer vu-3-hush']);
    assert.deepEqual(result.summary.checks, { passes: 9, fails: 0, rate: 1, byName: { 'is me': { passes: 9, fails: 0, rate: 1, request: 'me' } } });
    assert.ok(!JSON.stringify(result).includes('hush'));
  } finally {
    delete process.env.LOADLINE_HOOK_SECRET;
    await new Promise<void>((r) => local.close(() => r()));
  }
});
