// Each of the reference forum's fixes alone: the naive service with one fix switched on, its load
// line found by the same capacity search the demo runs (seed 003's SLOs, the forum scenario, the
// service in its own process), against the naive service measured first, in the middle and last
// (their spread is the noise floor; their median is the base of the ratios), and the optimized
// service (every fix).
// This is seed 003's timeline as data: docs/demo.md quotes the table it prints.
// Run: npx tsc -p . && node bench/forum-fixes.bench.mjs [fix ...]     (default: every fix)
// Bounded: BENCH_SEARCH_S (default 40) per search, so 14 searches take about 10 minutes;
// BENCH_SCALE (default 1) sets the forum's data volume. The machine is shared: read the ratios,
// and the load averages printed beside them.
import { loadavg } from 'node:os';
import { FORUM_FIXES, startForum } from '../dist/forum/index.js';
import { resolveForumDemoOptions } from '../dist/demo/ForumDemoOptions.js';
import { forumLoadSource, searchForum } from '../dist/demo/forumSearch.js';

const searchMs = Number(process.env.BENCH_SEARCH_S ?? 40) * 1000;
const scale = Number(process.env.BENCH_SCALE ?? 1);
const wanted = process.argv.slice(2);
for (const fix of wanted) if (!FORUM_FIXES.includes(fix)) throw new Error(`unknown fix ${fix}: expected one of ${FORUM_FIXES.join(', ')}`);
const fixes = wanted.length ? wanted : FORUM_FIXES;
const o = resolveForumDemoOptions({ scale, searchBudgetMs: searchMs });

const alone = fixes.map((fix) => ({ label: `naive + ${fix}`, options: { mode: 'naive', fixes: [fix] } }));
const half = Math.ceil(alone.length / 2);
const variants = [
  { label: 'naive (first)', options: { mode: 'naive' }, base: true },
  ...alone.slice(0, half),
  { label: 'naive (middle)', options: { mode: 'naive' }, base: true },
  ...alone.slice(half),
  { label: 'optimized (every fix)', options: { mode: 'optimized' } },
  { label: 'naive (last)', options: { mode: 'naive' }, base: true },
];

const rows = [];
for (const v of variants) {
  const forum = await startForum({ ...v.options, scale, seed: o.seed, childProcess: true });
  try {
    const source = await forumLoadSource(forum, o.seed);
    const report = await searchForum(forum, source, o);
    const max = report.maxSustainable;
    const at = max ? report.steps.find((s) => s.offered === max.rate) : undefined;
    const row = {
      label: v.label,
      base: v.base === true,
      max: max?.rate ?? 0,
      atLeast: max?.atLeast === true,
      p95: at?.p95Ms,
      cpu: at?.cpuPercent,
      breaking: report.breakingPoint?.rate,
      load: loadavg()[0],
      caveat: report.caveat !== undefined,
    };
    rows.push(row);
    console.log(`${row.label}: max sustainable ${row.atLeast ? '>= ' : ''}${row.max}/s, p95 there ${row.p95 ?? '-'} ms, breaking ${row.breaking ?? '-'}/s, ${Math.round(report.elapsedMs / 1000)} s, load average ${row.load.toFixed(1)}`);
  } finally {
    await forum.close();
  }
}

const bases = rows.filter((r) => r.base).map((r) => r.max).sort((a, b) => a - b);
const naive = bases[Math.floor(bases.length / 2)];
console.log(`\nnaive: ${rows.filter((r) => r.base).map((r) => `${r.max}/s`).join(', ')} (median ${naive}/s, the base of the ratios)\n`);
console.log('| service | max sustainable (/s) | x naive | p95 at its max (ms) | service CPU there (%) | breaking point (/s) | load avg |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const ratio = naive > 0 ? (r.max / naive).toFixed(1) : '-';
  console.log(`| ${r.label} | ${r.atLeast ? '>= ' : ''}${r.max} | ${ratio}x | ${r.p95?.toFixed(1) ?? '-'} | ${r.cpu?.toFixed(0) ?? '-'} | ${r.breaking ?? '-'} | ${r.load.toFixed(1)}${r.caveat ? ' (CPUs saturated)' : ''} |`);
}
