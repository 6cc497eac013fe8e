import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLoadlineError } from '../../core/index.js';
import { Monitor } from '../Monitor.js';
import { serveMonitor } from './serveMonitor.js';

const TOKEN = 'a-token-of-24-characters';

function withEnvToken<T>(value: string | undefined, run: () => T): T {
  const before = process.env.LOADLINE_TOKEN;
  if (value === undefined) delete process.env.LOADLINE_TOKEN;
  else process.env.LOADLINE_TOKEN = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.LOADLINE_TOKEN;
    else process.env.LOADLINE_TOKEN = before;
  }
}

test('an empty or short token is a start-up error naming the field, never an open monitor', () => {
  for (const token of ['', 'short', 'fifteen-chars!!']) {
    assert.throws(
      () => new Monitor({ runtime: false, token }),
      (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /^token: /.test(e.message) && /at least 16 characters/.test(e.message) && (token === '' || !e.message.includes(token)),
      JSON.stringify(token),
    );
  }
  assert.throws(() => new Monitor({ runtime: false, token: 'sixteen chars ok' }), /token: .*without spaces/);
  for (const env of ['', 'tooshort']) {
    assert.throws(
      () => withEnvToken(env, () => new Monitor({ runtime: false })),
      (e: unknown) => isLoadlineError(e, 'LOADLINE_INVALID_OPTION') && /token \(from LOADLINE_TOKEN\)/.test(e.message) && /at least 16 characters/.test(e.message),
      JSON.stringify(env),
    );
  }
  assert.equal(withEnvToken(undefined, () => new Monitor({ runtime: false })).token, undefined, 'no token at all: an open monitor, by choice');
  assert.ok(new Monitor({ runtime: false, token: 'sixteen-chars-ok' }).token);
});

test('Bearer is accepted in any case; a token in the query string is not', async () => {
  const monitor = new Monitor({ runtime: false, token: TOKEN });
  const { url, close } = await serveMonitor(monitor);
  try {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await fetch(`${url}/metrics`, { headers: { authorization: `${scheme} ${TOKEN}` } });
      assert.equal(res.status, 200, scheme);
      await res.arrayBuffer();
    }
    for (const path of ['/metrics', '/api/monitoring/metrics', '/loadline/events', '/api/performance/stats']) {
      const res = await fetch(`${url}${path}?token=${TOKEN}`);
      assert.equal(res.status, 401, path);
      assert.doesNotMatch(await res.text(), /\?token=/, 'the 401 no longer suggests a token in the URL');
    }
    const basic = await fetch(`${url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } });
    assert.equal(basic.status, 401);
    await basic.arrayBuffer();
  } finally {
    await close();
    await monitor.stop();
  }
});
