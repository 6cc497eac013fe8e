import { ExitCode, invalidInput } from '../core/index.js';
import { startMonitoredDemoTarget } from '../demo/MonitoredDemoTarget.js';

/**
 * `loadline demo --serve [--port N]`: keeps the monitored sample target running on loopback,
 * prints its URLs and a ready-to-paste `loadline run` line, and closes cleanly on SIGINT or
 * SIGTERM. Resolves with the exit code once closed.
 *
 * @example
 * process.exitCode = await serveDemo('3000');
 */
export async function serveDemo(portText: string | undefined): Promise<number> {
  let port = 3000;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\s*\d+\s*$/.test(portText) || port > 65535) throw invalidInput({ field: '--port', value: portText, expected: 'a port from 0 to 65535 (0 picks a free one)' }, 'LOADLINE_USAGE');
  }
  let target;
  try {
    target = await startMonitoredDemoTarget({ port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw invalidInput({ field: '--port', value: port, expected: 'a free port (this one is in use; --port 0 picks a free one)' }, 'LOADLINE_USAGE');
    throw err;
  }
  const u = target.url;
  const m = target.monitorUrls;
  console.log(`loadline demo: sample target serving on ${u} (loopback only); Ctrl-C stops it

API:
  ${u}/api/health
  ${u}/api/users
  ${u}/api/users/7
  ${u}/api/projects
Runtime monitor:
  ${m.metrics}          Prometheus metrics
  ${m.ready}     readiness (${m.live} liveness)
  ${m.dashboard}         live dashboard
  ${m.stats}  totals per route
${target.monitor.token ? '  (token-protected: Authorization: Bearer $LOADLINE_TOKEN; the dashboard asks for it once)\n' : ''}
Load it, with the server's event loop, CPU, heap and GC in the result and the report:
  loadline run ${u}/api/users --vus 20 --duration 30s --monitor ${u} --out result.json --html report.html
`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (s: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(s);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await target.close();
  console.log(`loadline demo: ${signal}, sample target stopped`);
  return ExitCode.pass;
}
