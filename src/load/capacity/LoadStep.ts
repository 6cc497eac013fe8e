import type { CapacityStep, RunResult, ThresholdResult } from '../../core/index.js';
import type { GeneratorUsage } from './GeneratorMeter.js';

/** One measured step of a capacity search: the report's ladder row plus why it passed or broke. */
export interface FindStep extends CapacityStep {
  /** Completed iterations per second, the offered rate's unit (a scenario iteration may send several requests). */
  achieved: number;
  /** `ladder` while stepping up (or down, when the first step already failed), `refine` while bisecting between the last pass and first failure. */
  phase: 'ladder' | 'refine';
  /** Requests measured during the hold. */
  requests: number;
  /** Arrivals that found no free slot (open model). */
  dropped: number;
  /** Connection-refused errors during the hold. */
  refused: number;
  /** SLOs this step missed, in words; empty when `ok`. */
  missed: string[];
  /** Why this step counts as broken (errors past the limit, throughput stopped rising); absent when not. */
  broken?: string;
  /** Holds measured at this load: more than 1 when a verdict was marginal and the step was repeated. The figures are the holds' medians. */
  holds: number;
  /** Holds that met every SLO and were not broken; `ok` is the majority. */
  passes: number;
  /** With more than one hold: the lowest and highest value each figure took. */
  spread?: { achieved: [number, number]; p95Ms: [number, number]; p99Ms: [number, number]; errorRate: [number, number] };
  /** Why the first hold's verdict was too close to call (an SLO or a break rule within its margin); absent when clear. */
  marginal?: string;
  /** How busy the generator itself was during the hold (the last hold, when repeated). */
  generator?: GeneratorUsage;
  /** Why the generator, not the service, was the limit at this load; absent when it had room. */
  generatorLimited?: string;
}

/** When a step counts as broken rather than just slow. */
export interface BreakRules {
  /** Error rate (0..1) above which a step is broken; default 0.05. */
  errorLimit: number;
  /** Arrival-rate mode: broken when achieved < this × offered; default 0.9. */
  throughputRatio: number;
  /** Broken when achieved is not above the next lower step's by more than this fraction while offered rose; default 0 (not above at all). */
  minGain: number;
}

export const DEFAULT_BREAK_RULES: BreakRules = { errorLimit: 0.05, throughputRatio: 0.9, minGain: 0 };

const round = (v: number, d = 100) => Math.round(v * d) / d;

/** Turns a step's run result into a ladder row; `usage` is the target's CPU/RSS when sampled. */
export function stepFromResult(
  offered: number,
  phase: FindStep['phase'],
  result: RunResult,
  usage?: { cpuPercent: number; rssBytes: number },
): FindStep {
  const total = result.summary.total;
  const missed = result.thresholds.filter((t: ThresholdResult) => !t.ok && t.level === 'error').map((t) => t.reason ?? t.expression);
  // Offered load counts iterations, so achieved must too: a scenario's iteration sends several requests.
  const iterations = result.summary.iterations;
  const step: FindStep = {
    offered,
    achieved: round(iterations ? iterations.rate : total.rps),
    achievedRps: round(total.rps),
    avgMs: round(total.latency.mean),
    p95Ms: round(total.latency.p95),
    p99Ms: round(total.latency.p99),
    errorRate: round(result.summary.errorRate, 10_000),
    ok: missed.length === 0 && total.requests > 0,
    phase,
    holds: 1,
    passes: 0,
    requests: total.requests,
    dropped: result.summary.iterations?.dropped ?? 0,
    refused: total.errors.byKind.refused ?? 0,
    missed: total.requests === 0 && missed.length === 0 ? ['no request completed'] : missed,
  };
  step.passes = step.ok ? 1 : 0;
  if (usage) {
    step.cpuPercent = usage.cpuPercent;
    step.rssBytes = usage.rssBytes;
  }
  return step;
}

/** Achieved load in the offered unit (iterations/s); ladders written before `achieved` existed have requests/s only. */
export const achievedOf = (s: CapacityStep): number => s.achieved ?? s.achievedRps;

/**
 * Why a step is past the breaking point, judged against the highest lower step measured so far:
 * errors past the limit, achieved throughput below `throughputRatio` of the offered rate, or
 * achieved throughput no longer rising. Achieved and offered are both iterations per second.
 * Undefined when the step still scales.
 */
export function breakReason(step: CapacityStep, below: CapacityStep | undefined, unit: 'rate' | 'vus', rules: BreakRules = DEFAULT_BREAK_RULES): string | undefined {
  if (step.errorRate > rules.errorLimit) return `error rate ${(step.errorRate * 100).toFixed(1)}% is past the ${(rules.errorLimit * 100).toFixed(1)}% limit`;
  const achieved = achievedOf(step);
  if (unit === 'rate' && achieved < rules.throughputRatio * step.offered) {
    return `achieved ${achieved.toFixed(0)}/s is below ${(rules.throughputRatio * 100).toFixed(0)}% of the offered ${step.offered.toFixed(0)}/s`;
  }
  if (below && step.offered > below.offered && achieved <= achievedOf(below) * (1 + rules.minGain)) {
    return `throughput stopped rising: achieved ${achieved.toFixed(0)}/s at ${step.offered} against ${achievedOf(below).toFixed(0)}/s at ${below.offered}`;
  }
  return undefined;
}

/** True when the target fails hard (nearly every request an error, or nothing completed): climbing further is pointless. */
export function failsHard(step: FindStep): string | undefined {
  if (step.requests === 0) return 'no request completed';
  if (step.errorRate >= 0.95) return `${(step.errorRate * 100).toFixed(0)}% of requests failed${step.refused ? ` (${step.refused} refused connections)` : ''}`;
  return undefined;
}
