import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SeededRandom } from '../../core/index.js';
import { checkBundle, measureBundle } from './BundleCheck.js';

const SITE = fileURLToPath(new URL('../../../test/fixtures/report/site/', import.meta.url));

test('raw, gzip and brotli sizes of the fixture bundles', () => {
  const s = measureBundle(SITE, ['public/**/*.js']);
  assert.equal(s.files.length, 2);
  assert.equal(s.raw, s.files.reduce((n, f) => n + statSync(f).size, 0));
  assert.ok(s.gzip < s.raw / 3, `gzip ${s.gzip} of ${s.raw}`);
  assert.ok(s.brotli < s.gzip, `brotli ${s.brotli} vs gzip ${s.gzip}`);
  const app = measureBundle(SITE, ['public/assets/app.js']);
  assert.equal(app.gzip, gzipSync(readFileSync(app.files[0]!), { level: 9 }).length);
});

test('levels: pass under warn, warn between, error over, and a glob that matches nothing is an error', () => {
  const root = mkdtempSync(join(tmpdir(), 'loadline-bundle-'));
  try {
    mkdirSync(join(root, 'out'));
    const rng = new SeededRandom(1);
    const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => rng.int(256)));
    writeFileSync(join(root, 'out/small.js'), noise(1000));
    writeFileSync(join(root, 'out/mid.js'), noise(450_000));
    writeFileSync(join(root, 'out/big.js'), noise(600_000));
    const limit = { warn: 400_000, error: 500_000 };
    const level = (glob: string) => checkBundle(root, { name: glob, files: [glob], raw: limit, gzip: limit })[0]!;
    assert.equal(level('out/small.js').level, 'pass');
    assert.equal(level('out/mid.js').level, 'warn');
    assert.equal(level('out/big.js').level, 'error');
    const gz = checkBundle(root, { name: 'big', files: ['out/big.js'], gzip: limit })[0]!;
    assert.equal(gz.metric, 'gzip');
    assert.equal(gz.level, 'error', 'random bytes do not compress');
    const none = checkBundle(root, { name: 'none', files: ['out/*.mjs'], raw: limit, brotli: limit });
    assert.deepEqual(none.map((c) => [c.metric, c.level, c.value]), [['raw', 'error', null], ['brotli', 'error', null]]);
    assert.match(none[0]!.detail!, /no file matches out\/\*\.mjs/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
