import { readFileSync } from 'node:fs';
import { RESULT_FORMAT, RESULT_VERSION, type RunResult, type ThresholdResult } from '../core/index.js';
import type { ResolvedLoadOptions } from './LoadOptions.js';
import { redactHeaders, redactUrl } from './output/redact.js';
import type { RunStats } from './stats/RunStats.js';
import { UNLIMITED_MS } from './LoadOptions.js';

const generator = `loadline ${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;

/** Plain-words caveats of each load model, written into every summary. */
export const MODEL_NOTES = {
  closed:
    'closed model: each VU waits for its response before sending again, so a stalled server also slows the load and its stall can hide in the tail; use the open model (--rate) to measure latency at a fixed arrival rate',
  open: 'open model: iterations start at their arrival time whatever the server does, and latency is measured from that intended start (no coordinated omission); arrivals that found every VU busy are counted as dropped',
} as const;

export interface BuildResultInput {
  options: ResolvedLoadOptions;
  stats: RunStats;
  status: RunResult['status'];
  thresholds: ThresholdResult[];
  /** Wall-clock epoch ms of the start and end of the run. */
  startedAtMs: number;
  endedAtMs: number;
  /** Measured duration (warm-up excluded), ms. */
  measuredMs: number;
}

/**
 * Assembles the result file (src/core/result/result.ts, schema/result.v1.json) from a run's stats;
 * request headers, URL passwords and secret query parameters are redacted.
 */
export function buildResult(input: BuildResultInput): RunResult {
  const { options: o, stats } = input;
  const durationMs = Math.round(input.measuredMs);
  const config: RunResult['config'] = {
    target: redactUrl(o.url.toString()),
    model: o.model,
    durationMs: o.durationMs >= UNLIMITED_MS ? durationMs : o.durationMs,
    warmupMs: o.warmupMs,
    method: o.method,
    headers: redactHeaders(o.headers),
    bodyBytes: o.body === undefined ? 0 : Buffer.byteLength(o.body),
    vus: o.vus,
    stages: o.stages,
    connections: o.connections,
    pipelining: o.pipelining,
    timeoutMs: o.timeoutMs,
    thresholds: o.thresholds.map((t) => t.expression.source),
  };
  if (o.scenario !== undefined) config.scenario = o.scenario;
  if (o.model === 'open') config.rate = o.startRate;
  if (o.amount !== undefined) config.amount = o.amount;
  if (o.expectStatus) config.expectStatus = o.expectStatus;
  if (o.insecure) config.insecure = true;

  const seconds = durationMs / 1000;
  const endpoints: Record<string, string> = {};
  for (const ep of stats.endpoints) endpoints[ep.name] = ep.latency.encode();
  const endpointSummaries = stats.endpoints.map((ep) => {
    const s = ep.summary(durationMs);
    if (s.url) s.url = redactUrl(s.url);
    return s;
  });
  const byName = stats.outcomes.checkSummary();
  const captures = stats.outcomes.captureSummary();
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    generator,
    startedAt: new Date(input.startedAtMs).toISOString(),
    endedAt: new Date(input.endedAtMs).toISOString(),
    status: input.status,
    config,
    summary: {
      model: o.model,
      durationMs,
      modelNote: MODEL_NOTES[o.model],
      total: stats.total.summary(durationMs),
      endpoints: endpointSummaries,
      iterations: {
        count: stats.iterations,
        rate: seconds > 0 ? Math.round((stats.iterations / seconds) * 100) / 100 : 0,
        dropped: stats.dropped,
      },
      ...(stats.checkPasses + stats.checkFails > 0
        ? { checks: { passes: stats.checkPasses, fails: stats.checkFails, rate: stats.checkPasses / (stats.checkPasses + stats.checkFails), ...(byName ? { byName } : {}) } }
        : {}),
      ...(captures ? { captures } : {}),
      errorRate: Math.round(stats.errorRate * 1e6) / 1e6,
    },
    thresholds: input.thresholds,
    series: { intervalMs: o.intervalMs, points: stats.series },
    histograms: { unit: 'us', total: stats.total.latency.encode(), endpoints },
  };
}
