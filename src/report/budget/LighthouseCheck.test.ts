import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIGHTHOUSE_DEFAULTS } from './Budget.js';
import { checkLighthouse, readLighthouseRuns } from './LighthouseCheck.js';

const SITE = fileURLToPath(new URL('../../../test/fixtures/report/site/', import.meta.url));

test('medians over several Lighthouse runs against seed 002 defaults', async () => {
  const { files, runs } = await readLighthouseRuns('lighthouse', SITE);
  assert.equal(files.length, 3);
  const checks = checkLighthouse({ limits: LIGHTHOUSE_DEFAULTS }, runs, 'lighthouse');
  const by = Object.fromEntries(checks.map((c) => [c.name, c]));
  assert.equal(by.FCP!.value, 1400);
  assert.equal(by.FCP!.level, 'pass');
  assert.equal(by.LCP!.value, 2600);
  assert.equal(by.LCP!.level, 'warn', 'above the 2.5 s target, under the 3 s warning value');
  assert.equal(by.CLS!.value, 0.04);
  assert.equal(by.TBT!.value, 180, 'the median ignores one outlier run (900 ms)');
  assert.equal(by.TBT!.level, 'pass');
  assert.equal(by.TTI!.level, 'pass');
  const strict = checkLighthouse({ limits: { ...LIGHTHOUSE_DEFAULTS, lcp: { warn: 1000, error: 2000 } } }, runs, 'lighthouse');
  assert.equal(strict.find((c) => c.name === 'LCP')!.level, 'error');
});

test('no results is an error, and a file that is not a Lighthouse result is rejected', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-lh-'));
  try {
    const empty = checkLighthouse({ limits: LIGHTHOUSE_DEFAULTS }, (await readLighthouseRuns(dir, '/')).runs, dir);
    assert.ok(empty.every((c) => c.level === 'error' && c.value === null));
    writeFileSync(join(dir, 'x.json'), '{"foo": 1}');
    await assert.rejects(readLighthouseRuns(dir, '/'), /x\.json: audits: expected a Lighthouse result/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
