// Side-by-side benchmark harness: runs contenders interleaved over several repeats (rotating who
// goes first, so drift and warm-up hit everyone alike) and prints, for loadline against each
// alternative, the median of the per-repeat ratios with their min-max.

/**
 * @typedef {object} Contender
 * @property {string} name
 * @property {() => Promise<number> | number} run  one measurement; returns the figure (ops/s, rps, ms...)
 */

/**
 * @param {object} options
 * @param {string} options.title
 * @param {Contender[]} options.contenders  the first one is loadline's; ratios are first / other
 * @param {number} [options.repeats]  at least 5 (default 5)
 * @param {string} [options.unit]  printed after the figures (default "ops/s")
 * @param {boolean} [options.higherIsBetter]  default true; when false ratios are other / first, so > 1 still means loadline is better
 * @param {() => Promise<void> | void} [options.between]  run between measurements (e.g. GC)
 * @param {number} [options.warmup]  untimed runs of each contender before the repeats (JIT, lazy
 *   module loads and one-time compiles land there, not in the first repeat); default 0
 */
export async function compare({ title, contenders, repeats = 5, unit = 'ops/s', higherIsBetter = true, between, warmup = 0 }) {
  if (repeats < 5) throw new Error('repeats must be at least 5');
  for (let w = 0; w < warmup; w++) for (const c of contenders) await c.run();
  const values = contenders.map(() => []);
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + r) % contenders.length;
      if (between) await between();
      else if (globalThis.gc) globalThis.gc();
      values[i].push(await contenders[i].run());
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const fmt = (x) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
  console.log(`\n## ${title}  (${repeats} interleaved repeats${warmup ? ` after ${warmup} warm-up run${warmup > 1 ? 's' : ''} each` : ''}, unit: ${unit}, ${higherIsBetter ? 'higher' : 'lower'} is better)`);
  for (let i = 0; i < contenders.length; i++) {
    const v = values[i];
    console.log(`  ${contenders[i].name.padEnd(34)} median ${fmt(median(v)).padStart(12)}  min ${fmt(Math.min(...v)).padStart(12)}  max ${fmt(Math.max(...v)).padStart(12)}`);
  }
  const ratios = [];
  for (let i = 1; i < contenders.length; i++) {
    const rs = values[0].map((x, r) => (higherIsBetter ? x / values[i][r] : values[i][r] / x));
    const row = { against: contenders[i].name, median: median(rs), min: Math.min(...rs), max: Math.max(...rs) };
    ratios.push(row);
    console.log(`  ratio ${contenders[0].name} vs ${row.against}: ${row.median.toFixed(2)}x (min ${row.min.toFixed(2)}x, max ${row.max.toFixed(2)}x)`);
  }
  return { title, values, ratios };
}

/**
 * Runs `fn` in a loop for about `ms` milliseconds and returns calls per second; the clock is read
 * every `batch` calls (1 for calls that take milliseconds each).
 */
export function opsPerSecond(fn, ms = 300, batch = 1000) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) fn(i);
    n += batch;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Promise-returning calls per second: batches of 1000 started together, each batch awaited. */
export async function asyncOpsPerSecond(fn, ms = 300) {
  const batch = new Array(1000);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 1000; i++) batch[i] = fn();
    await Promise.all(batch);
    n += 1000;
  }
  return (n * 1000) / (performance.now() - start);
}
