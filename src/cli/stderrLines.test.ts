import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unwrapped } from './cliProcess.test-kit.js';
import { WARNING_WIDTH, wrapWarning } from './stderrLines.js';

test('wrapWarning: 80 columns at spaces, continuation indented, words and paths never cut, short lines untouched', () => {
  const warning = `loadline: WARNING: every request failed (refused×1200 timeout×3) and no threshold judged the run, so it exits 0; add --threshold 'http_req_failed:rate<0.01' to fail it`;
  const wrapped = wrapWarning(warning);
  const lines = wrapped.split('\n');
  assert.ok(lines.length >= 2, wrapped);
  assert.ok(lines.every((l) => l.length <= WARNING_WIDTH), wrapped);
  assert.ok(lines.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   ')), wrapped);
  assert.equal(unwrapped(wrapped), warning);
  const path = `/tmp/${'x'.repeat(100)}/loadline-result.json`;
  const kept = wrapWarning(`loadline: --out: could not write result.json (ENOENT); kept it at ${path} instead`);
  assert.ok(kept.split('\n').includes(`  ${path}`), kept);
  assert.equal(wrapWarning('short'), 'short');
  assert.equal(wrapWarning(`${warning}\n${'a'.repeat(10)}`).split('\n').at(-1), 'a'.repeat(10));
});
