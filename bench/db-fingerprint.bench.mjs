// Fingerprinting: the cached path (a statement text seen before: one Map lookup) against
// normalizing the text each time (what a monitor without the cache would do per query), and the
// memory of a million distinct literal values through one statement shape (one fingerprint; the
// text cache holds at most `maxTexts` entries).
// Usage: npm run build && node --expose-gc bench/db-fingerprint.bench.mjs
import { compare, opsPerSecond } from './lib/compare.mjs';
import { createQueryMonitor, normalizeSql } from '../dist/db/index.js';

const texts = [
  'SELECT p.id, p.title, u.name FROM posts p JOIN users u ON u.id = p.author_id WHERE p.topic_id = $1 ORDER BY p.created_at DESC LIMIT 20',
  'SELECT * FROM sessions WHERE token = $1 AND expires_at > now()',
  'UPDATE topics SET updated_at = now(), post_count = post_count + 1 WHERE id = $1',
  "INSERT INTO audit (kind, payload) VALUES ('login', $1)",
];
const monitor = createQueryMonitor({ log: false });
for (const t of texts) monitor.statement('pg', t);

await compare({
  title: 'statement text to fingerprint: statements per second',
  contenders: [
    { name: 'loadline cached (text seen before)', run: () => opsPerSecond((i) => monitor.statement('pg', texts[i & 3])) },
    { name: 'normalize every time (no cache)', run: () => opsPerSecond((i) => normalizeSql(texts[i & 3], 'pg'), 300, 100) },
  ],
  repeats: 5,
});

globalThis.gc?.();
const before = process.memoryUsage().heapUsed;
const big = createQueryMonitor({ log: false });
const start = performance.now();
for (let i = 0; i < 1_000_000; i++) big.statement('pg', `SELECT * FROM users WHERE id = ${i} AND email = 'user${i}@example.com'`);
const seconds = (performance.now() - start) / 1000;
globalThis.gc?.();
const after = process.memoryUsage().heapUsed;
const snap = big.snapshot();
console.log(`\n## a million distinct literal values through one statement shape`);
console.log(`  fingerprints: ${snap.statementCount} ("${[...big.statements()][0].text}")`);
console.log(`  heap growth after GC: ${((after - before) / 1024 / 1024).toFixed(1)} MiB (text cache: ${big.options.maxTexts} texts at most)`);
console.log(`  first-seen texts normalized: ${Math.round(1_000_000 / seconds).toLocaleString('en-US')} per second`);
