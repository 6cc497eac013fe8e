import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { ratio, type DemoReport, type ServiceReport } from './DemoReport.js';
import { resolveForumDemoOptions, type ForumDemoOptions } from './ForumDemoOptions.js';
import { measureForum } from './measureForum.js';

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * The demo's whole loop on the reference forum: the naive service in its own process, its load
 * line found by a capacity search under seed 003's SLOs on a forum's traffic, why it breaks read
 * from its own instruments; then the optimized service, searched the same way; both held at the
 * naive service's max rate for the latency comparison. Every service is closed before this
 * resolves, also on failure. With `signal` aborted it stops early and resolves with what was
 * measured (`interrupted: true`).
 *
 * @example
 * const report = await runForumDemo({ quick: true });
 * console.log(report.naive?.maxSustainable, report.optimized?.maxSustainable, report.gain);
 */
export async function runForumDemo(options: ForumDemoOptions = {}): Promise<DemoReport> {
  const o = resolveForumDemoOptions(options);
  const started = Date.now();
  const loadAverageStart = loadavg().map(round2);
  // The services' monitors answer only with this token (an operator's token when one is set),
  // given to each service in its start options (startForum's token), never set in process.env.
  const token = process.env.LOADLINE_TOKEN ?? randomBytes(24).toString('base64url');
  let naive: ServiceReport | undefined;
  let optimized: ServiceReport | undefined;
  let interrupted = false;
  const first = await measureForum({ mode: 'naive', o, token });
  naive = first.report;
  interrupted = first.interrupted;
  if (!interrupted) {
    const second = await measureForum({ mode: 'optimized', o, token, naiveMax: naive?.maxSustainable ?? undefined });
    optimized = second.report;
    interrupted = second.interrupted;
  }
  const ended = Date.now();
  return {
    format: 'loadline.demo',
    version: 1,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(ended).toISOString(),
    elapsedMs: ended - started,
    quick: o.quick,
    scale: o.scale,
    slos: o.slos,
    machine: { cpus: cpus().length, loadAverageStart, loadAverageEnd: loadavg().map(round2) },
    ...(naive ? { naive } : {}),
    ...(optimized ? { optimized } : {}),
    gain: ratio(optimized?.maxSustainable, naive?.maxSustainable),
    p95Gain: ratio(naive?.atNaiveMax?.p95Ms, optimized?.atNaiveMax?.p95Ms),
    ...(interrupted ? { interrupted: true as const } : {}),
  };
}
