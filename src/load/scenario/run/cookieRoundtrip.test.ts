import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../../core/index.js';
import type { RequestSpec } from '../../http/types.js';
import { CookieJar } from './CookieJar.js';
import type { NormalizedRequest } from '../compile/normalizedModel.js';
import { processResponse } from './processResponse.js';
import { seededRandom } from '../random.js';
import { buildRequest, compileRequest } from './request.js';
import { ResponseView } from './ResponseView.js';
import { createVuState } from './vuState.js';
import { sendWithNodeHttp } from './send.test-kit.js';

let server: Server;
let origin: string;
let sessions = 0;

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/login') {
      sessions++;
      res.setHeader('set-cookie', [`sid=s${sessions}; Path=/; HttpOnly`, 'flash=hi; Max-Age=1', 'admin=1; Path=/admin']);
      res.end('ok');
    } else res.end(req.headers.cookie ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const send = (spec: RequestSpec) => sendWithNodeHttp(origin, spec);

const request = (path: string, headers: Record<string, string> = {}): NormalizedRequest => ({
  name: path, method: 'GET', path, headers, query: {}, body: undefined, timeoutMs: undefined, redirects: 0, captures: [], checks: [], record: [],
});

test('each VU keeps its own cookies across requests, with paths and expiry', async () => {
  const clock = new FakeClock();
  const login = compileRequest(request('/login'));
  const me = compileRequest(request('/me', { 'x-static': '1' }));
  const vus = [1, 2].map((id) => createVuState({ id, target: origin, rng: seededRandom(id), cookies: new CookieJar(clock) }));
  const view = new ResponseView();
  for (const vu of vus) {
    const spec = buildRequest(login, vu);
    assert.equal(spec.headers!.cookie, undefined);
    processResponse(login, vu, view, await send(spec), 1, undefined, spec.path);
  }
  const seen = [];
  for (const vu of vus) seen.push((await send(buildRequest(me, vu))).body!.toString());
  assert.deepEqual(seen, ['sid=s1; flash=hi', 'sid=s2; flash=hi']);
  clock.advance(1000);
  assert.equal((await send(buildRequest(me, vus[0]!))).body!.toString(), 'sid=s1');
  assert.equal((await send(buildRequest(compileRequest(request('/admin/x')), vus[1]!))).body!.toString(), 'admin=1; sid=s2');
});

test('a scenario cookie header and the jar combine; without a jar nothing is kept', async () => {
  const vu = createVuState({ id: 3, target: origin, rng: seededRandom(3), cookies: new CookieJar(new FakeClock()) });
  const login = compileRequest(request('/login'));
  processResponse(login, vu, new ResponseView(), await send(buildRequest(login, vu)), 1, undefined, '/login');
  const withHeader = compileRequest(request('/me', { cookie: 'lang=en' }));
  assert.match((await send(buildRequest(withHeader, vu))).body!.toString(), /^lang=en; sid=s\d+; flash=hi$/);
  const noJar = createVuState({ id: 4, target: origin, rng: seededRandom(4) });
  processResponse(login, noJar, new ResponseView(), await send(buildRequest(login, noJar)), 1);
  assert.equal((await send(buildRequest(compileRequest(request('/me')), noJar))).body!.toString(), '');
});
