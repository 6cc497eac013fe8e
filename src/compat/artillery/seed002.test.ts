import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startCompat } from '../startCompat.js';
import { startSeedTarget } from '../seedTarget.test-kit.js';
import { onFakeTime } from '../compat.test-kit.js';
import { planArtillery } from './index.js';

const SEED = fileURLToPath(new URL('../../../test/fixtures/artillery/seed-002.yml', import.meta.url));

test("seed 002's Artillery file runs unchanged (phases shortened with --overrides): each arrival logs in, captures its token and runs one weighted flow", async () => {
  const target = await startSeedTarget();
  try {
    const result = await onFakeTime((clock) =>
      planArtillery(SEED, { target: target.url, seed: 7, clock, overrides: { config: { phases: [{ duration: 1, arrivalCount: 30 }] } } }).then(async (plan) => (await startCompat(plan)).result),
    );
    assert.equal(result.status, 'completed');
    const c = (k: string) => target.count(k);
    assert.equal(c('POST /api/v1/auth/login'), 30, 'every flow logs in first');
    const auth = c('GET /api/v1/users/me');
    const browse = c('GET /api/v1/media');
    const playlists = c('GET /api/v1/playlists');
    assert.equal(auth + browse + playlists, 30, 'one flow per arrival');
    assert.equal(c('GET /api/v1/media/search'), browse);
    assert.equal(c('POST /api/v1/playlists'), playlists);
    assert.ok(auth > 0 && browse > 0 && playlists > 0, `every weighted flow ran (${auth}/${browse}/${playlists})`);
    assert.ok(browse > auth, 'Media Browsing (weight 50) more often than Authentication (30)');
    // Every authenticated request carried a token its own login returned: a new VU per arrival.
    assert.equal(target.tokens.size, 30);
    assert.deepEqual(new Set(target.logins.map((l) => l.email)), new Set(['alice@example.com', 'bob@example.com', 'carol@example.com']));
    assert.deepEqual(result.summary.captures?.token, { request: 'POST /api/v1/auth/login', responses: 30, misses: 0 });
    const byName = Object.fromEntries(result.summary.endpoints.map((e) => [e.name, e.requests]));
    assert.equal(byName['POST /api/v1/auth/login'], 30);
    assert.equal(byName['GET /api/v1/media/search?q=batman'], browse);
    assert.equal(result.summary.iterations?.count, 30);
    assert.equal(result.summary.errorRate, 0);
    assert.equal(result.config.model, 'open');
    assert.match(result.summary.modelNote ?? '', /time to the first byte/);
  } finally {
    await target.close();
  }
});
