import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { FakeClock } from '../../core/index.js';
import { monitorExpress } from '../http/monitorExpress.js';
import { monitorFastify } from '../http/monitorFastify.js';
import { Monitor } from '../Monitor.js';
import { monitorHttp } from '../http/monitorHttp.js';
import { serveMonitor } from './serveMonitor.js';

const TOKEN = 'dashboard-session-token-1';

function assertSecurityHeaders(res: Response, what: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer', what);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(res.headers.get('x-frame-options'), 'DENY', what);
  assert.equal(res.headers.get('cache-control'), 'no-store', what);
}

function cookieOf(res: Response): string {
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0] ?? '';
}

test('the dashboard and its login page send CSP (inline code allowed by hash only), frame-ancestors, no-referrer and nosniff', async () => {
  const monitor = new Monitor({ runtime: false, token: TOKEN });
  const { url, close } = await serveMonitor(monitor);
  try {
    const page = await fetch(`${url}/loadline`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(page.status, 200);
    assertSecurityHeaders(page, 'dashboard');
    const html = await page.text();
    const csp = page.headers.get('content-security-policy') ?? '';
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    assert.equal(scripts.length, 3, "uPlot, the page script and the Queries panel's");
    for (const s of [...scripts, ...[...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)]) {
      assert.ok(csp.includes(`'sha256-${createHash('sha256').update(s).digest('base64')}'`), 'each inline block is allowed by its hash');
    }
    assert.doesNotMatch(html, /token=|location\.search/, 'the page never reads or sends a token from its URL');

    const login = await fetch(`${url}/loadline`);
    assert.equal(login.status, 401);
    assertSecurityHeaders(login, 'login page');
    const form = await login.text();
    assert.match(form, /<form method="post" action="loadline\/session">/);
    assert.match(form, /<input type="password" name="token"/);
  } finally {
    await close();
    await monitor.stop();
  }
});

test('a token exchanged for a session cookie (HttpOnly, SameSite=Strict, Path at the mount) opens the dashboard, its stream and its health, nothing else', async () => {
  const monitor = new Monitor({ runtime: false, token: TOKEN });
  const app = express();
  app.use('/ops', monitorExpress(monitor));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ops`;
  try {
    const wrong = await fetch(`${base}/loadline/session`, { method: 'POST', body: new URLSearchParams({ token: 'not-the-right-token-x' }), redirect: 'manual' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assertSecurityHeaders(wrong, 'login page again');
    await wrong.arrayBuffer();

    const exchanged = await fetch(`${base}/loadline/session`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
    assert.equal(exchanged.status, 303);
    assert.equal(exchanged.headers.get('location'), '../loadline');
    const set = exchanged.headers.get('set-cookie') ?? '';
    assert.match(set, /^loadline_session=[\w.-]+; Path=\/ops\/loadline; Max-Age=900; HttpOnly; SameSite=Strict$/);
    assert.ok(!set.includes(TOKEN), 'the cookie is not the token');
    const cookie = cookieOf(exchanged);

    const viaHeader = await fetch(`${base}/loadline/session`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(viaHeader.status, 204);
    assert.match(viaHeader.headers.get('set-cookie') ?? '', /^loadline_session=/);

    const page = await fetch(`${base}/loadline`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /loadline monitor/);
    const health = await fetch(`${base}/loadline/health`, { headers: { cookie } });
    assert.equal(health.status, 200);
    assert.ok(Array.isArray(((await health.json()) as { checks: unknown[] }).checks), 'the dashboard sees the checks');
    const controller = new AbortController();
    const events = await fetch(`${base}/loadline/events`, { headers: { cookie }, signal: controller.signal });
    assert.equal(events.status, 200);
    assert.match(events.headers.get('content-type') ?? '', /text\/event-stream/);
    controller.abort();

    for (const path of ['/metrics', '/api/monitoring/metrics', '/api/performance/stats', '/api/monitoring/health']) {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      assert.equal(res.status, 401, `${path} needs the bearer token, not the dashboard's cookie`);
      await res.arrayBuffer();
    }
    const snapshot = await fetch(`${base}/api/monitoring/heap-snapshot`, { method: 'POST', headers: { cookie } });
    assert.equal(snapshot.status, 401, 'nothing that changes state accepts the cookie');
    await snapshot.arrayBuffer();
    for (const forgedCookie of [
      cookie.replace(/\.(.)/, (_, c: string) => `.${c === 'A' ? 'B' : 'A'}`), // another signature
      cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), // another spelling of the same bytes, at times
      cookie.replace(/=(\d+)/, (_, exp: string) => `=${Number(exp) + 3_600_000}`), // a longer life
    ]) {
      const forged = await fetch(`${base}/loadline`, { headers: { cookie: forgedCookie } });
      assert.equal(forged.status, 401, forgedCookie);
      await forged.arrayBuffer();
    }
  } finally {
    server.closeAllConnections();
    server.close();
    await monitor.stop();
  }
});

test('the session is short-lived: the health poll renews it past half its life; an old one is refused once expired', async () => {
  const clock = new FakeClock();
  const monitor = new Monitor({ clock, runtime: false, token: TOKEN, sessionTtlMs: 600_000 });
  const { url, close } = await serveMonitor(monitor);
  try {
    const first = cookieOf(await fetch(`${url}/loadline/session`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }));
    assert.match(first, /^loadline_session=/);
    clock.advance(200_000);
    const early = await fetch(`${url}/loadline/health`, { headers: { cookie: first } });
    assert.equal(early.status, 200);
    assert.equal(early.headers.get('set-cookie'), null, 'not renewed in its first half');
    clock.advance(200_000);
    const renewed = await fetch(`${url}/loadline/health`, { headers: { cookie: first } });
    assert.equal(renewed.status, 200);
    assert.match(renewed.headers.get('set-cookie') ?? '', /Path=\/loadline; Max-Age=600; HttpOnly; SameSite=Strict/);
    const second = cookieOf(renewed);
    assert.notEqual(second, first);
    clock.advance(200_000);
    assert.equal((await fetch(`${url}/loadline`, { headers: { cookie: first } })).status, 401, 'expired');
    assert.equal((await fetch(`${url}/loadline/events`, { headers: { cookie: first } })).status, 401, 'expired');
    const page = await fetch(`${url}/loadline`, { headers: { cookie: second } });
    assert.equal(page.status, 200, 'the renewed one still opens the page');
    await page.arrayBuffer();
  } finally {
    await close();
    await monitor.stop();
  }
  assert.throws(() => new Monitor({ runtime: false, sessionTtlMs: 500 }), /sessionTtlMs: got 500, expected an integer at least 1000/);
});

test('the login form works the same on node:http and Fastify (the form body is read before any parser of theirs)', async () => {
  const starts: Array<[string, (m: Monitor) => Promise<{ url: string; close: () => Promise<unknown> }>]> = [
    [
      'node:http',
      async (m) => {
        const server = createServer(monitorHttp(m, (_req: IncomingMessage, res: ServerResponse) => res.end('app')));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))) };
      },
    ],
    [
      'Fastify',
      async (m) => {
        const app = Fastify();
        await app.register(monitorFastify(m));
        app.get('/app', async () => 'app');
        return { url: await app.listen({ port: 0, host: '127.0.0.1' }), close: () => app.close() };
      },
    ],
  ];
  for (const [name, start] of starts) {
    const monitor = new Monitor({ runtime: false, token: TOKEN });
    const { url, close } = await start(monitor);
    try {
      const exchanged = await fetch(`${url}/loadline/session`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
      assert.equal(exchanged.status, 303, name);
      assert.match(exchanged.headers.get('set-cookie') ?? '', /; Path=\/loadline; Max-Age=900; HttpOnly; SameSite=Strict$/, name);
      const page = await fetch(`${url}/loadline`, { headers: { cookie: cookieOf(exchanged) } });
      assert.equal(page.status, 200, name);
      assertSecurityHeaders(page, name);
      await page.arrayBuffer();
      const huge = await fetch(`${url}/loadline/session`, { method: 'POST', body: new URLSearchParams({ token: 'x'.repeat(10_000) }), redirect: 'manual' });
      assert.equal(huge.status, 413, `${name}: a form body is bounded`);
      await huge.arrayBuffer();
    } finally {
      await close();
      await monitor.stop();
    }
  }
});
