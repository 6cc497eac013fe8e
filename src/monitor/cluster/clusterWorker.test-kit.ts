// A node:cluster worker for clusterAggregation.test (a *.test-kit.* file, so package.json's files pattern leaves it out).
// Default mode: records a seeded latency mix, reports it to the primary over IPC, and exits.
// LOADLINE_TEST_MODE=stay: runs the runtime probes (holding LOADLINE_TEST_HOLD_MB of heap), reports when the primary
// sends { cmd: 'tick' }, and exits on { cmd: 'exit' }; it says { type: 'ready' } once listening.
import { reportToPrimary } from './clusterAggregation.js';
import { Monitor } from '../Monitor.js';

if (process.env.LOADLINE_TEST_MODE === 'stay') {
  const held = Array.from({ length: (Number(process.env.LOADLINE_TEST_HOLD_MB ?? 0) * 1e6) / 8 }, (_, i) => i + 0.5);
  const monitor = new Monitor({ intervalMs: 3_600_000, historyWindowMs: 3_600_000 }).start();
  reportToPrimary(monitor);
  process.on('message', (message: { cmd?: string }) => {
    if (message.cmd === 'tick') monitor.tick();
    if (message.cmd === 'exit') void monitor.stop().then(() => process.disconnect());
  });
  process.send?.({ type: 'ready', held: held.length });
} else {
  const seed = Number(process.env.LOADLINE_TEST_SEED ?? 1);
  let s = seed;
  const monitor = new Monitor({ runtime: false });
  reportToPrimary(monitor, (report) => process.send?.(report));
  for (let i = 0; i < 3000; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const u = s / 2 ** 31;
    monitor.http.record('GET', '/orders/:id', 200, u < 0.9 ? 1 + u * 20 * seed : 200 + u * 3000);
  }
  monitor.tick();
  await monitor.stop();
  process.disconnect?.();
}
