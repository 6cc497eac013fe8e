import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from './cliProcess.test-kit.js';
import { detectForeignScenario } from './foreignScenario.js';

// Outside this repository, so nothing resolves `loadline` for a scenario written there.
const tmp = mkdtempSync(join(tmpdir(), 'loadline-foreign-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const K6 = `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { vus: 10, duration: '30s' };
export default function () { http.get('http://127.0.0.1:1/'); sleep(1); }
`;
const ARTILLERY = `config:
  target: "http://127.0.0.1:1"
  phases:
    - duration: 60
      arrivalRate: 5
scenarios:
  - flow:
      - get:
          url: "/"
`;

test('a k6 script or an Artillery file is named as such (exit 2), not rejected field by field', async () => {
  const cases: Array<[string, string, RegExp]> = [
    ['load.js', K6, /load\.js: this is a k6 script \(it imports k6\/http\); loadline does not run k6 files yet/],
    ['artillery.yml', ARTILLERY, /artillery\.yml: this is an Artillery file \(it has top-level config: and scenarios:\)/],
    ['artillery.json', JSON.stringify({ config: { target: 'http://127.0.0.1:1' }, scenarios: [{ flow: [] }] }), /artillery\.json: this is an Artillery file/],
  ];
  for (const [name, text, message] of cases) {
    const file = join(tmp, name);
    writeFileSync(file, text);
    const r = await spawnCli(['run', file, '--amount', '1']);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /flows: expected|Cannot find module 'k6/);
  }
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
});
