// Per-request cost of HTTP monitoring, as server CPU time per request (process CPU / requests
// served), with requests/s beside it. Each variant runs in its own server process on loopback;
// autocannon loads it from this process. Three comparisons:
//   1. hook candidates, timing only: bare, finish listener + 2 hrtime.bigint, wrapped res.end, and
//      diagnostics_channel http.server.response.finish with the request's state kept on its
//      connection (set up once per socket, one close listener per connection, nothing added to
//      the response: what loadline does) or on the response (two symbol properties + a shared
//      close listener per response: loadline's hook before; more instructions per request);
//   2. full middleware: bare / loadline monitorHttp (route labels, RED metrics, runtime probes)
//      / prom-client (Histogram with method, route, status_code + collectDefaultMetrics);
//   3. loadline with its runtime probes on, without the per-GC observer, and without probes.
// Every variant's server process first loads the same modules (loadline's monitor and prom-client,
// `loadSameModules`), so that the rows differ only in per-request work. A bare server that has
// imported loadline's monitor, using none of it, is +865 to +1,271 instructions per request dearer
// than a two-file one: node's `EventEmitter.init`, which every IncomingMessage and ServerResponse
// runs, has by then seen more than four emitter classes (module loader file handles, the Server,
// node:cluster's emitters, stdout) and V8 compiles its property accesses as megamorphic. That is a
// property of what ran before the first request, not of loadline's per-request work; a bare server
// with nothing else loaded (`bare-clean`) is printed beside. Evidence in bench/cachegrind/README.md.
// Timed CPU per request swings by ±8-15 % on a shared machine; bench/cachegrind/ counts the same
// variants' instructions per request deterministically.
//   4. a request context per request (a query monitor attached: `createMonitor({ queries })`), with a
//      synchronous handler and with one that awaits three promises.
// Usage: BENCH_DURATION_S=2 BENCH_REPEATS=5 node --expose-gc bench/monitor-http.bench.mjs   (numbers are noisy on a shared machine: read the ratios)
//        BENCH_GROUPS=queries ... runs only the named groups (hooks, middleware, probes, queries).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3);
const CONNECTIONS = 16;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

// ---------------------------------------------------------------- server side (a child process)
/** The clock of loadline's hook (process.hrtime: on node 20 `performance.now()` adds a hasOwnProperty call to check its receiver). */
function nowMs() {
  const t = process.hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
}

/**
 * The request handler of one variant, and a figure its timing hooks add to (kept so that no
 * measurement is optimized away). `monitorOptions` go to loadline's `createMonitor`
 * (bench/cachegrind/ passes an hour-long interval and no runtime probes). Every variant but
 * `bare-clean` (the bare handler) first loads the same modules (`loadSameModules`).
 */
export async function createVariantHandler(variant, monitorOptions = {}) {
  if (variant !== 'bare-clean') await loadSameModules();
  const route = (req) => (req.url.startsWith('/users/') ? '/users/:id' : '/other');
  const hello = (req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('hello world');
  };
  let handler = hello;
  let sink = 0;
  if (variant === 'finish-listener') {
    handler = (req, res) => {
      const start = process.hrtime.bigint();
      res.once('finish', () => {
        sink += Number(process.hrtime.bigint() - start);
      });
      hello(req, res);
    };
  } else if (variant === 'wrapped-end') {
    handler = (req, res) => {
      const start = nowMs();
      const end = res.end;
      res.end = function (...args) {
        sink += nowMs() - start;
        return end.apply(this, args);
      };
      hello(req, res);
    };
  } else if (variant === 'dc-state-on-response') {
    // loadline's hook before: start time and recorder on two symbol properties of the response, a shared close listener per response
    const dc = await import('node:diagnostics_channel');
    const kStart = Symbol('start');
    const kRecorder = Symbol('recorder');
    const recorder = { aborted: 0 };
    dc.subscribe('http.server.response.finish', ({ response }) => {
      if (response[kRecorder] === undefined) return;
      response[kRecorder] = undefined;
      sink += nowMs() - response[kStart];
    });
    function onClose() {
      if (this[kRecorder] !== undefined) recorder.aborted++;
    }
    handler = (req, res) => {
      res[kStart] = nowMs();
      res[kRecorder] = recorder;
      res.on('close', onClose);
      hello(req, res);
    };
  } else if (variant === 'dc-state-on-connection') {
    // loadline's hook (in short: no pipelining queue): nothing added to the response; per-connection state set up once per socket
    const dc = await import('node:diagnostics_channel');
    const kConn = Symbol('connection');
    class Conn {
      res = undefined;
      startMs = 0;
    }
    dc.subscribe('http.server.response.finish', ({ response, socket }) => {
      const conn = socket[kConn];
      if (conn === undefined || conn.res !== response) return;
      conn.res = undefined;
      sink += nowMs() - conn.startMs;
    });
    function onSocketClose() {
      this[kConn].res = undefined;
    }
    handler = (req, res) => {
      const socket = req.socket;
      let conn = socket[kConn];
      if (conn === undefined) {
        conn = socket[kConn] = new Conn();
        socket.once('close', onSocketClose);
      }
      conn.res = res;
      conn.startMs = nowMs();
      hello(req, res);
    };
  } else if (variant === 'loadline') {
    const { createMonitor, monitorHttp } = await import('../dist/monitor/index.js');
    const monitor = createMonitor(monitorOptions);
    handler = monitorHttp(monitor, hello, { route });
  } else if (variant === 'loadline-no-gc') {
    const { createMonitor, monitorHttp } = await import('../dist/monitor/index.js');
    const monitor = createMonitor({ ...monitorOptions, runtime: { gc: false } });
    handler = monitorHttp(monitor, hello, { route });
  } else if (variant === 'loadline-no-runtime') {
    const { createMonitor, monitorHttp } = await import('../dist/monitor/index.js');
    const monitor = createMonitor({ ...monitorOptions, runtime: false });
    handler = monitorHttp(monitor, hello, { route });
  } else if (variant === 'loadline-queries' || variant === 'loadline-queries-async' || variant === 'loadline-async') {
    // The request context the adapters open when a query monitor is attached (AsyncLocalStorage.run
    // per request; on node 20 it also turns on async_hooks' init hook, paid by every promise and
    // async resource the process creates). `-async` handlers await three promises, as a handler that
    // queries a database does, so that cost shows.
    const { createMonitor, monitorHttp } = await import('../dist/monitor/index.js');
    const { createQueryMonitor } = await import('../dist/db/index.js');
    const queries = variant === 'loadline-async' ? undefined : createQueryMonitor({ log: false });
    const monitor = createMonitor({ ...monitorOptions, runtime: false, ...(queries ? { queries } : {}) });
    const app = variant === 'loadline-queries' ? hello : async (req, res) => {
      for (let i = 0; i < 3; i++) sink += await Promise.resolve(i);
      hello(req, res);
    };
    handler = monitorHttp(monitor, app, { route });
  } else if (variant === 'prom-client') {
    const client = (await import('prom-client')).default;
    client.collectDefaultMetrics();
    const histogram = new client.Histogram({ name: 'http_request_duration_seconds', help: 'Request duration.', labelNames: ['method', 'route', 'status_code'] });
    handler = (req, res) => {
      const end = histogram.startTimer();
      res.once('finish', () => end({ method: req.method, route: route(req), status_code: res.statusCode }));
      hello(req, res);
    };
  }
  return { handler, sink: () => sink };
}

/** The modules every variant's process loads before it serves (see the top of this file); none of them is used. */
export async function loadSameModules() {
  await import('../dist/monitor/index.js');
  await import('../dist/db/index.js');
  await import('prom-client');
}

async function serve(variant) {
  const { handler, sink } = await createVariantHandler(variant);
  let served = 0;
  const server = createServer((req, res) => {
    served++;
    handler(req, res);
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (m) => {
    if (m === 'sample') {
      const c = process.cpuUsage();
      process.send({ cpuUs: c.user + c.system, served, sink: sink() });
    } else if (m === 'exit') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href; // false when bench/cachegrind/ imports the variants
if (isMain && process.argv[2] === '--serve') {
  await serve(process.argv[3]);
} else if (isMain) {
  const { default: autocannon } = await import('autocannon');
  const { compare } = await import('./lib/compare.mjs');

  async function start(variant) {
    const child = fork(SELF, ['--serve', variant], { stdio: 'inherit' });
    const [{ port }] = await once(child, 'message');
    const sample = async () => {
      child.send('sample');
      const [m] = await once(child, 'message');
      return m;
    };
    return { variant, child, url: `http://127.0.0.1:${port}/users/42`, sample };
  }

  const rps = new Map();
  async function measure(s) {
    const before = await s.sample();
    const result = await autocannon({ url: s.url, connections: CONNECTIONS, duration: DURATION_S });
    const after = await s.sample();
    const served = after.served - before.served - 2; // the two sample round trips are not requests
    const list = rps.get(s.variant) ?? [];
    list.push(result.requests.average);
    rps.set(s.variant, list);
    return (after.cpuUs - before.cpuUs) / Math.max(1, served);
  }

  async function run(title, variants, names) {
    const servers = await Promise.all(variants.map(start));
    for (const s of servers) await autocannon({ url: s.url, connections: CONNECTIONS, duration: 1 }); // warm-up
    const contenders = servers.map((s, i) => ({ name: names[i], run: () => measure(s) }));
    const out = await compare({ title, contenders, repeats: REPEATS, unit: 'µs server CPU per request', higherIsBetter: false });
    const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const bare = median(out.values[names.indexOf('bare')] ?? out.values[0]);
    for (let i = 0; i < names.length; i++) {
      const cpu = median(out.values[i]);
      console.log(`  ${names[i].padEnd(34)} CPU/request ${cpu.toFixed(2)} µs (${(((cpu - bare) / bare) * 100).toFixed(1)} % over bare), requests/s median ${Math.round(median(rps.get(variants[i])))}`);
    }
    for (const s of servers) s.child.kill();
    return out;
  }

  // BENCH_GROUPS=hooks,middleware,probes,queries runs only those groups (default: all).
  const groups = new Set((process.env.BENCH_GROUPS ?? 'hooks,middleware,probes,queries').split(','));
  if (groups.has('hooks')) await run(
    'Per-request hook candidates (timing only, no recording)',
    ['dc-state-on-connection', 'bare', 'finish-listener', 'wrapped-end', 'dc-state-on-response'],
    ['diagnostics_channel, state on socket (loadline)', 'bare', 'finish listener + 2 hrtime.bigint', 'wrapped res.end', 'diagnostics_channel, state on response'],
  );
  if (groups.has('middleware')) await run(
    'HTTP monitoring middleware: bare / loadline / prom-client',
    ['loadline', 'bare', 'prom-client', 'bare-clean'],
    ['loadline monitorHttp', 'bare', 'prom-client Histogram + defaults', 'bare, nothing else loaded'],
  );
  if (groups.has('probes')) await run(
    'What the runtime probes cost (loadline, all on / no GC observer / no probes)',
    ['loadline', 'bare', 'loadline-no-gc', 'loadline-no-runtime'],
    ['loadline (probes on)', 'bare', 'loadline runtime: { gc: false }', 'loadline runtime: false'],
  );
  if (groups.has('queries')) await run(
    'What a request context costs (queries: a query monitor attached; runtime: false throughout)',
    ['loadline-no-runtime', 'bare', 'loadline-queries', 'loadline-async', 'loadline-queries-async'],
    ['loadline', 'bare', 'loadline + queries (request context)', 'loadline, async handler', 'loadline + queries, async handler'],
  );
  console.log('\nEvery row but "bare, nothing else loaded" runs in a process that has loaded the same modules (loadline and prom-client): see the top of bench/monitor-http.bench.mjs.');
  console.log('Ratios > 1 mean loadline uses less CPU per request than the other. Shared 2-core machine: expect ±8 % noise.');
}
