import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoadlineError } from '../../core/index.js';
import { K6Script } from './K6Script.js';

const dir = mkdtempSync(join(tmpdir(), 'loadline-k6-transform-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function script(text: string, extra: Record<string, string> = {}): string {
  const path = join(dir, `s${++n}.js`);
  for (const [name, body] of Object.entries(extra)) writeFileSync(join(dir, name), body);
  writeFileSync(path, `import http from 'k6/http';\nimport { check, group, sleep } from 'k6';\n${text}`);
  return path;
}

function rejected(text: string, message: RegExp): void {
  const path = script(text);
  assert.throws(() => K6Script.load(path), (err: unknown) => {
    assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'), String(err));
    assert.match((err as Error).message, message);
    return true;
  });
}

test('functions that may reach a request become async and every call reaching them is awaited; others are left as written', () => {
  const path = script(`function helper(u) { return http.get(u); }
const arrow = (u) => helper(u);
const pure = (r) => r.status === 200;
export default function () {
  const r = arrow('http://x/');
  check(r, { ok: pure });
  [1, 2].forEach((i) => helper('http://x/' + i));
  const list = [1].map((i) => i * 2);
  group('g', () => { sleep(1); });
}`);
  const out = K6Script.transformed(path);
  assert.match(out, /async function helper\(u\) \{ return \(await http\.get\(u\)\); \}/);
  assert.match(out, /const arrow = async \(u\) => \(await helper\(u\)\);/);
  assert.match(out, /const pure = \(r\) => r\.status === 200;/);
  assert.match(out, /const r = \(await arrow\('http:\/\/x\/'\)\);/);
  assert.match(out, /check\(r, \{ ok: pure \}\);/);
  assert.match(out, /\(await __k6seq\.forEach\(\[1, 2\],async \(i\) => \(await helper\('http:\/\/x\/' \+ i\)\)\)\);/);
  assert.match(out, /const list = \[1\]\.map\(\(i\) => i \* 2\);/);
  assert.match(out, /\(await group\('g', async \(\) => \{ \(await sleep\(1\)\); \}\)\);/);
  // Every line stays where it was (the body only gains the closing brace of its block).
  assert.equal(out.split('\n').length, readFileSync(path, 'utf8').split('\n').length + 1);
  assert.match(out.split('\n')[3]!, /^const arrow/);
});

test('a callback parameter that is called with a waiting function makes its caller wait', () => {
  const out = K6Script.transformed(script(`function retry(fn, times) { for (let i = 0; i < times; i++) { const r = fn(); if (r.status < 500) return r; } }
export default function () { retry(() => http.get('http://x/'), 3); }`));
  assert.match(out, /async function retry\(fn, times\) \{ for \(let i = 0; i < times; i\+\+\) \{ const r = \(await fn\(\)\);/);
  assert.match(out, /\(await retry\(async \(\) => \(await http\.get\('http:\/\/x\/'\)\), 3\)\);/);
});

test('shapes loadline cannot make wait are rejected with the line, before any load', () => {
  rejected(`export default function () { setTimeout(() => http.get('http://x/'), 10); }`, /s\d+\.js:3: a function that makes requests or sleeps is passed to setTimeout\(\), which loadline cannot make wait for it/);
  rejected(`class A { get page() { return http.get('http://x/'); } }\nexport default function () { new A().page; }`, /s\d+\.js:3: a getter that makes requests or sleeps/);
  rejected(`const r = http.get('http://x/');\nexport default function () {}`, /s\d+\.js:3: http\.get\(\) in the init context \(module level\)/);
  rejected(`export default function () {\n  http.get('http://x/');\n`, /s\d+\.js:\d+: syntax error: Unexpected token/);
  rejected(`import { x } from 'k6/net/grpc';\nexport default function () {}`, /s\d+\.js:3: import "k6\/net\/grpc": loadline does not provide this k6 module/);
  rejected(`import { y } from 'https://example.com/lib.js';\nexport default function () {}`, /import "https:\/\/example\.com\/lib\.js": remote modules are never fetched/);
  rejected(`import { z } from './nowhere.js';\nexport default function () {}`, /import "\.\/nowhere\.js": no such file/);
});
