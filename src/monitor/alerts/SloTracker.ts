import { checkString, invalidInput, parseDuration, parseExpression, type Expression } from '../../core/index.js';

export interface SloOptions {
  /** Name shown in reports and alerts. */
  name: string;
  /**
   * The objective in the threshold grammar: `http_req_duration:p(95)<300` (95 % of requests within
   * 300 ms) or `http_req_failed:rate<0.1%` (availability 99.9 %). Tags filter routes:
   * `http_req_duration{route:/users/:id}:p(99)<500`.
   */
  objective: string;
  /** Compliance window; default `30d`. Durations as in `parseDuration`, or milliseconds. */
  window?: string | number;
  /** Window the burn rate is measured over; default `1h`. */
  burnRateWindow?: string | number;
}

export interface SloReport {
  name: string;
  objective: string;
  kind: 'latency' | 'availability';
  /** Required share of good requests, e.g. 0.999. */
  target: number;
  windowMs: number;
  total: number;
  good: number;
  /** Share of good requests over the window; 1 when there were none. */
  sli: number;
  /** Share of the error budget left, 1 = untouched, 0 = spent, negative = overspent. */
  errorBudgetRemaining: number;
  /** Bad-request ratio over the burn-rate window divided by the allowed ratio; 1 spends the budget exactly in the window. */
  burnRate: number;
  met: boolean;
}

const LATENCY_METRICS = ['http_req_duration'];
const ERROR_METRICS = ['http_req_failed', 'error_rate'];

/**
 * Tracks one service-level objective over request outcomes, with error budget and burn rate, as
 * time goes on (the load engine's capacity SLO, by contrast, is a pass/fail bound for one run). Fed one
 * (good, total) pair per monitor interval; counts are kept in at most ~1440 time buckets, so
 * memory is fixed for any window.
 *
 * @example
 * const slo = new SloTracker({ name: 'checkout latency', objective: 'http_req_duration{route:/checkout}:p(95)<300', window: '7d' });
 * slo.add(good, total, clock.now());
 * slo.report(clock.now()); // { sli: 0.97, errorBudgetRemaining: 0.4, burnRate: 0.8, met: true, ... }
 */
export class SloTracker {
  readonly name: string;
  readonly expression: Expression;
  readonly kind: 'latency' | 'availability';
  readonly target: number;
  /** Latency bound in ms for latency SLOs. */
  readonly latencyMs: number;
  readonly windowMs: number;
  readonly burnRateWindowMs: number;
  readonly #bucketMs: number;
  readonly #buckets: Array<{ t: number; good: number; total: number }> = [];

  constructor(options: SloOptions) {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'slos[]', value: options, expected: 'an object with name and objective' });
    this.name = checkString(options.name, 'slos[].name');
    const field = `slos.${this.name}.objective`;
    const e = parseExpression(checkString(options.objective, field), { field });
    this.expression = e;
    const upper = e.operator === '<' || e.operator === '<=';
    if (LATENCY_METRICS.includes(e.metric) && e.aggregation.kind === 'percentile' && upper) {
      this.kind = 'latency';
      this.target = e.aggregation.p / 100;
      this.latencyMs = e.value;
    } else if (ERROR_METRICS.includes(e.metric) && e.aggregation.kind === 'rate' && upper && e.value < 1) {
      this.kind = 'availability';
      this.target = 1 - e.value;
      this.latencyMs = Number.POSITIVE_INFINITY;
    } else {
      throw invalidInput({ field, value: options.objective, expected: "'http_req_duration:p(N)<MS' or 'http_req_failed:rate<FRACTION'" });
    }
    if (!(this.target > 0 && this.target < 1)) throw invalidInput({ field, value: options.objective, expected: 'an objective strictly between 0 % and 100 %' });
    this.windowMs = parseDuration(options.window ?? '30d', `slos.${this.name}.window`);
    this.burnRateWindowMs = parseDuration(options.burnRateWindow ?? '1h', `slos.${this.name}.burnRateWindow`);
    if (this.windowMs <= 0) throw invalidInput({ field: `slos.${this.name}.window`, value: options.window, expected: 'a positive duration' });
    this.#bucketMs = Math.max(1000, Math.min(this.windowMs, this.burnRateWindowMs) / 60, this.windowMs / 1440);
  }

  /** Tag filter of the objective (`route`, `method`), empty when it covers every request. */
  get tags(): Readonly<Record<string, string>> {
    return this.expression.tags;
  }

  add(good: number, total: number, atMs: number): void {
    const t = Math.floor(atMs / this.#bucketMs) * this.#bucketMs;
    const last = this.#buckets[this.#buckets.length - 1];
    if (last && last.t === t) {
      last.good += good;
      last.total += total;
    } else {
      this.#buckets.push({ t, good, total });
    }
    const cutoff = atMs - this.windowMs;
    while (this.#buckets.length > 0 && this.#buckets[0]!.t + this.#bucketMs <= cutoff) this.#buckets.shift();
  }

  report(nowMs: number): SloReport {
    let good = 0;
    let total = 0;
    let shortGood = 0;
    let shortTotal = 0;
    const shortFrom = nowMs - this.burnRateWindowMs;
    for (const b of this.#buckets) {
      if (b.t + this.#bucketMs <= nowMs - this.windowMs) continue;
      good += b.good;
      total += b.total;
      if (b.t + this.#bucketMs > shortFrom) {
        shortGood += b.good;
        shortTotal += b.total;
      }
    }
    const allowed = 1 - this.target;
    const bad = total - good;
    const sli = total === 0 ? 1 : good / total;
    const errorBudgetRemaining = total === 0 ? 1 : 1 - bad / (allowed * total);
    const burnRate = shortTotal === 0 ? 0 : (shortTotal - shortGood) / shortTotal / allowed;
    return { name: this.name, objective: this.expression.source, kind: this.kind, target: this.target, windowMs: this.windowMs, total, good, sli, errorBudgetRemaining, burnRate, met: sli >= this.target };
  }
}

/** @deprecated since 0.2.0: use SloTracker */
export const Slo = SloTracker;
/** @deprecated since 0.2.0: use SloTracker */
export type Slo = SloTracker;
