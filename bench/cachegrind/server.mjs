// One variant of bench/monitor-http.bench.mjs as a plain server for valgrind: listens on
// 127.0.0.1, prints its port on stdout, and exits once it has served `requests` requests.
// Usage (run by count.mjs): valgrind --tool=cachegrind node bench/cachegrind/server.mjs <variant> <requests>
import { createServer } from 'node:http';
import { createVariantHandler } from '../monitor-http.bench.mjs';

/** An hour: the monitor's tick never runs during a count, so only per-request work is measured. */
const NO_TICK = { intervalMs: 3_600_000, historyWindowMs: 3_600_000 };

/** Variants counted here: the bench's own, with the monitor's timers kept out of the count. */
const VARIANTS = {
  bare: ['bare'],
  /** Bare in a process that has loaded nothing else: node's EventEmitter.init stays polymorphic (monitor-http.bench.mjs says why). */
  'bare-clean': ['bare-clean'],
  'finish-listener': ['finish-listener'],
  'wrapped-end': ['wrapped-end'],
  'dc-state-on-response': ['dc-state-on-response'],
  'dc-state-on-connection': ['dc-state-on-connection'],
  /** The full middleware without runtime probes (no event-loop-delay timer, no GC observer). */
  loadline: ['loadline', { ...NO_TICK, runtime: false }],
  /** With the runtime probes on, as `createMonitor()` runs by default (and as prom-client's default metrics do). */
  'loadline-probes': ['loadline', NO_TICK],
  'loadline-probes-no-gc': ['loadline-no-gc', NO_TICK],
  'prom-client': ['prom-client'],
};

const [variant, requestsArg] = process.argv.slice(2);
const requests = Number(requestsArg);
if (!(variant in VARIANTS) || !(Number.isInteger(requests) && requests > 0)) {
  console.error(`usage: server.mjs <${Object.keys(VARIANTS).join('|')}> <requests>`);
  process.exit(2);
}
const { handler } = await createVariantHandler(...VARIANTS[variant]);
let served = 0;
const server = createServer((req, res) => {
  handler(req, res);
  // Exit as soon as the last counted response is written: requests read behind it are not served.
  if (++served === requests) res.on('finish', () => process.exit(0));
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
