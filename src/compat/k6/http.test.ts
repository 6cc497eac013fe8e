import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCompat } from '../startCompat.js';
import { startSeedTarget } from '../seedTarget.test-kit.js';
import { onFakeTime } from '../compat.test-kit.js';
import { planK6 } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'loadline-k6-http-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `import http from 'k6/http';
import { check } from 'k6';
import encoding from 'k6/encoding';
import crypto from 'k6/crypto';
import { uuidv4, randomIntBetween } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';

const B = __ENV.BASE_URL;
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }, 404));
export const options = { iterations: 1 };

export default function () {
  const form = http.post(B + '/echo', { a: '1', b: 'x y' });
  const echoed = form.json();
  check(echoed, {
    'object body is form-encoded': (e) => e.body === 'a=1&b=x+y' && e.headers['content-type'] === 'application/x-www-form-urlencoded',
    'user agent set': (e) => /loadline/.test(e.headers['user-agent']),
  });
  http.get(B + '/cookie');
  const withCookie = http.get(B + '/echo');
  check(withCookie, { 'the jar sends the cookie': (r) => r.json('headers.cookie') === 'sid=s3cr3t' });
  check(http.cookieJar().cookiesForURL(B + '/'), { 'cookiesForURL': (c) => c.sid[0] === 's3cr3t' });
  const redirected = http.get(B + '/redirect');
  check(redirected, { 'redirect followed': (r) => r.status === 200 && r.url.endsWith('/echo?from=redirect') && r.json('query.from') === 'redirect' });
  const stay = http.get(B + '/redirect', { redirects: 0 });
  check(stay, { 'redirects: 0 returns the 302': (r) => r.status === 302 && r.headers.Location === '/echo?from=redirect' });
  const bin = http.get(B + '/api/wiki/pages/1', { responseType: 'binary' });
  check(bin, { 'binary body': (r) => r.body instanceof ArrayBuffer && r.body.byteLength > 0 });
  const none = http.get(B + '/api/wiki/pages/1', { responseType: 'none' });
  check(none, { 'no body kept': (r) => r.body === null && r.status === 200 });
  const topics = http.get(B + '/api/forums/topics');
  check(topics, { 'gjson count and index': (r) => r.json('topics.#') === 2 && r.json('topics.1.id') === 2 && r.json('nope.x') === undefined });
  check(topics, { 'timings': (r) => r.timings.duration >= 0 && r.timings.waiting >= 0 && typeof r.timings.blocked === 'number' });
  const basic = http.get(B.replace('http://', 'http://ann:s%40fe@') + '/echo');
  check(basic, { 'URL credentials as Basic auth': (r) => r.json('headers.authorization') === 'Basic ' + encoding.b64encode('ann:s@fe') });
  const id = 7;
  http.get(http.url\`\${B}/api/v1/users/\${id}\`);
  http.get(http.url\`\${B}/api/v1/users/\${id + 1}\`);
  const missing = http.get(B + '/nothing');
  check(missing, { '404 is expected by the callback': (r) => r.status === 404 && r.error_code === 1404 });
  const refused = http.get('http://127.0.0.1:1/');
  check(refused, { 'a refused request is a response with status 0': (r) => r.status === 0 && r.error_code === 1212 && r.error !== '' });
  check(null, {
    'b64': () => encoding.b64encode('hi?') === 'aGk/' && encoding.b64encode('hi?', 'rawurl') === 'aGk_' && encoding.b64decode('aGk/', 'std', 's') === 'hi?',
    'sha256 hex': () => crypto.sha256('abc', 'hex') === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'hmac': () => crypto.hmac('sha256', 'key', 'msg', 'hex').length === 64,
    'utils': () => /^[0-9a-f-]{36}$/.test(uuidv4()) && randomIntBetween(3, 3) === 3,
  });
}
`;

test('k6/http details: form bodies, cookies, redirects, response types, gjson, http.url names, expected statuses, transport errors; encoding, crypto, k6-utils', async () => {
  const target = await startSeedTarget();
  const file = join(dir, 'http.js');
  writeFileSync(file, SCRIPT);
  try {
    const result = await onFakeTime(async (clock) => (await startCompat(await planK6(file, { env: { BASE_URL: target.url }, clock }))).result, 2);
    const byName = result.summary.checks!.byName!;
    const failed = Object.entries(byName).filter(([, c]) => c.fails > 0).map(([n]) => n);
    assert.deepEqual(failed, [], `failed checks: ${failed.join(', ')}`);
    assert.equal(Object.keys(byName).length, 17, Object.keys(byName).join(' | '));
    const endpoints = result.summary.endpoints.map((e) => e.name);
    // As k6: every interpolation of an http.url template is ${} in the name tag.
    assert.ok(endpoints.includes('${}/api/v1/users/${}'), `http.url groups ids under one name: ${endpoints.join(', ')}`);
    assert.equal(result.summary.endpoints.find((e) => e.name === '${}/api/v1/users/${}')?.requests, 2);
    const missing = result.summary.endpoints.find((e) => e.name === `${target.url}/nothing`)!;
    assert.equal(missing.errors.total, 0, 'a 404 the response callback expects does not fail');
    const refused = result.summary.endpoints.find((e) => e.name === 'http://127.0.0.1:1/')!;
    assert.equal(refused.errors.byKind.refused, 1);
  } finally {
    await target.close();
  }
});
