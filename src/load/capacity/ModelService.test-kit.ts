import { FakeClock, type RunResult } from '../../core/index.js';
import { evaluateThresholds, type MetricSource } from '../stats/thresholds.js';
import type { GeneratorMeter, GeneratorUsage } from './GeneratorMeter.js';
import type { LoadShape, PreparedSource } from './LoadSource.js';

/** What the modelled service does at one offered load, for one hold. */
export interface HoldFigures {
  /** Completed iterations per second. */
  achieved: number;
  p95Ms: number;
  errorRate?: number;
  /** Requests each iteration sends; default 1. */
  requestsPerIteration?: number;
  /** p95 of each 1 s interval of the hold; default `p95Ms` in every interval. */
  intervalP95Ms?: number[];
}

/** A queueing service of `capacity` iterations/s: flat latency below it; above it a queue that grows over the hold. */
export function queueingService(capacity: number, baseMs = 5): (offered: number, shape: LoadShape) => HoldFigures {
  return (offered, shape) => {
    if (offered <= capacity) return { achieved: offered, p95Ms: baseMs };
    const holdS = (shape.durationMs ?? 1000) / 1000;
    // Requests queued by the end of the hold wait (excess × hold) / capacity seconds; p95 sees most of that.
    return { achieved: capacity, p95Ms: baseMs + (0.95 * (offered - capacity) * holdS * 1000) / capacity };
  };
}

/**
 * A fake load source on a FakeClock: each run advances the clock by its warm-up and hold (firing
 * the search's timers on the way) and returns a result built from `model`, with the SLOs judged on
 * it, so search logic is tested in milliseconds and deterministically.
 */
export class ModelService implements PreparedSource {
  readonly name = 'model://service';
  readonly clock = new FakeClock();
  /** Offered loads in the order they were run (one per hold). */
  readonly offered: number[] = [];
  readonly model: (offered: number, shape: LoadShape, hold: number) => HoldFigures;

  constructor(model: (offered: number, shape: LoadShape, hold: number) => HoldFigures) {
    this.model = model;
  }

  /** Holds run so far at `offered`. */
  holdsAt(offered: number): number {
    return this.offered.filter((o) => o === offered).length;
  }

  async run(shape: LoadShape): Promise<RunResult> {
    const offered = shape.rate ?? shape.vus ?? 0;
    const f = this.model(offered, shape, this.holdsAt(offered));
    this.offered.push(offered);
    this.clock.advance((shape.warmupMs ?? 0) + (shape.durationMs ?? 0));
    const perIteration = f.requestsPerIteration ?? 1;
    const seconds = (shape.durationMs ?? 1000) / 1000;
    const requests = Math.round(f.achieved * perIteration * seconds);
    const errorRate = f.errorRate ?? 0;
    const source: MetricSource = {
      metrics: { http_req_duration: 'trend', http_req_failed: 'rate' },
      observe: (e) => (e.metric === 'http_req_failed' ? { value: errorRate } : { value: f.p95Ms }),
    };
    const latency = { min: 1, mean: f.p95Ms / 2, p50: f.p95Ms / 2, p90: f.p95Ms * 0.9, p95: f.p95Ms, p99: f.p95Ms * 1.2, p999: f.p95Ms * 1.5, max: f.p95Ms * 2, stddev: 1 };
    const errors = Math.round(requests * errorRate);
    return {
      status: 'completed',
      config: { target: this.name, model: 'open', durationMs: shape.durationMs ?? 0 },
      summary: {
        model: shape.model ?? 'open',
        durationMs: shape.durationMs ?? 0,
        total: { name: 'total', requests, rps: requests / seconds, errors: { total: errors, byKind: { http5xx: errors } }, statusCodes: {}, latency },
        endpoints: [],
        iterations: { count: Math.round(f.achieved * seconds), rate: f.achieved, dropped: 0 },
        errorRate,
      },
      thresholds: evaluateThresholds(shape.thresholds?.filter((t) => typeof t !== 'string') ?? [], [source]),
      series: {
        intervalMs: 1000,
        points: (f.intervalP95Ms ?? Array.from({ length: Math.max(1, Math.round(seconds)) }, () => f.p95Ms)).map((p95, i) => ({ t: i + 1, requests: Math.round(f.achieved * perIteration), rps: f.achieved * perIteration, errors: 0, p50: p95 / 2, p95, p99: p95 * 1.2, vus: 1, rate: offered })),
      },
    } as unknown as RunResult;
  }
}

/** A generator meter that reports saturation at and above `fromRate` (the source's last offered load). */
export function saturatingMeter(service: ModelService, fromRate: number): GeneratorMeter {
  return {
    begin: () => () => {
      const offered = service.offered[service.offered.length - 1] ?? 0;
      const usage: GeneratorUsage = { eventLoopUtilization: offered >= fromRate ? 0.98 : 0.3, cpuCores: offered >= fromRate ? 1 : 0.3, eventLoopDelayP99Ms: 1, threads: 1 };
      return usage;
    },
  };
}

/** A meter with room to spare at any load. */
export const idleMeter: GeneratorMeter = { begin: () => () => ({ eventLoopUtilization: 0.2, cpuCores: 0.2, eventLoopDelayP99Ms: 1, threads: 1 }) };
