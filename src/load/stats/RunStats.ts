import { SparseHistogram, type SeriesPoint } from '../../core/index.js';
import { LatencyRecorder } from '../../core/histogram/LatencyRecorder.js';
import { EndpointStats, ERROR_KIND_INDEX, type ErrorText } from './EndpointStats.js';
import type { RequestTimings } from '../http/types.js';
import { OutcomeCounts } from '../scenario/metrics/OutcomeCounts.js';

/** What each series point reports. */
const SERIES_PERCENTILES = [50, 95, 99];

/** Which statuses count as success for `http_req_failed`; default: anything below 400. */
export type ExpectedStatus = (status: number) => boolean;

export const defaultExpectedStatus: ExpectedStatus = (status) => status < 400;

/**
 * Everything a run measures: totals and per-endpoint HDR histograms, per-status latency (for
 * `{status:...}` threshold filters), iterations, dropped iterations, checks, and the 1 s series.
 * Samples are never kept, so memory stays flat however long the run. Every histogram is a
 * `SparseHistogram` in JavaScript memory, so a run never grows WebAssembly memory (see
 * `EndpointStats`); encodings are HdrHistogram's, as the WASM `Histogram` reads and writes them.
 *
 * Latency is recorded once per request into a `LatencyRecorder` per (endpoint, status) pair, which
 * batches it into that endpoint's, the total's, the status's and the interval's histograms; every
 * read of a histogram (`latency`, `byStatus`, the interval methods) flushes first, so readers see
 * exactly what direct recording would have given them.
 */
export class RunStats {
  readonly total = new EndpointStats('total', undefined, undefined, () => this.flush());
  readonly endpoints: EndpointStats[] = [];
  readonly #byStatus = new Map<number, SparseHistogram>();
  /** Recorders by endpoint, then by status (0: transport error); created on first use. */
  readonly #recorders: (LatencyRecorder | undefined)[][] = [];
  readonly #allRecorders: LatencyRecorder[] = [];
  readonly series: SeriesPoint[] = [];
  iterations = 0;
  failedIterations = 0;
  dropped = 0;
  checkPasses = 0;
  checkFails = 0;
  /** Scenario checks and captures by name (the scenario iteration registers and counts them). */
  readonly outcomes = new OutcomeCounts();
  readonly #expected: ExpectedStatus;
  readonly #interval = new SparseHistogram();
  #intervalRequests = 0;
  #intervalErrors = 0;
  #intervalDropped = 0;
  /** The request recorded last, which the checks that follow judge (see `recordCheck`). */
  #lastEndpoint = -1;
  #lastFailed = false;
  #lastCheckFailed = false;

  constructor(expected: ExpectedStatus = defaultExpectedStatus) {
    this.#expected = expected;
  }

  /** Whether `status` counts as success for `http_req_failed`. */
  isExpected(status: number): boolean {
    return this.#expected(status);
  }

  /** Registers an endpoint (a named request) and returns its index for `recordResponse`. */
  addEndpoint(name: string, method?: string, url?: string): number {
    const found = this.endpoints.findIndex((e) => e.name === name);
    if (found !== -1) return found;
    this.endpoints.push(new EndpointStats(name, method, url, () => this.flush()));
    this.#recorders.push([]);
    return this.endpoints.length - 1;
  }

  /** Latency per HTTP status (transport errors under 0), total level. */
  get byStatus(): Map<number, SparseHistogram> {
    this.flush();
    return this.#byStatus;
  }

  /** Moves every buffered latency value into its histograms (reads do this themselves). */
  flush(): void {
    const all = this.#allRecorders;
    for (let i = 0; i < all.length; i++) all[i]!.flush();
  }

  /** Records one response; returns true when it counts as failed (`http_req_failed`). */
  recordResponse(endpoint: number, latencyUs: number, status: number, bytes: number, timings: RequestTimings, bytesSent = 0): boolean {
    const ok = this.#expected(status);
    const kind = ok ? -1 : status >= 500 ? ERROR_KIND_INDEX.http5xx : status >= 400 ? ERROR_KIND_INDEX.http4xx : ERROR_KIND_INDEX.other;
    this.#record(endpoint, latencyUs, status, kind, !ok, bytes, timings, bytesSent);
    return !ok;
  }

  /** Records a request that got no response; `error` (its code and message) is kept when it is the first of its kind. */
  recordTransportError(endpoint: number, latencyUs: number, kind: keyof typeof ERROR_KIND_INDEX, timings: RequestTimings | undefined, bytesSent = 0, error?: ErrorText): void {
    const k = ERROR_KIND_INDEX[kind];
    this.#record(endpoint, latencyUs, 0, k, true, 0, timings, bytesSent);
    if (error !== undefined) {
      this.total.noteFirstError(k, error);
      this.endpoints[endpoint]!.noteFirstError(k, error);
    }
  }

  #record(endpoint: number, latencyUs: number, status: number, kind: number, failed: boolean, bytes: number, timings: RequestTimings | undefined, bytesSent: number): void {
    this.total.count(status, kind, failed, bytes, timings, bytesSent);
    this.endpoints[endpoint]!.count(status, kind, failed, bytes, timings, bytesSent);
    const recorder = this.#recorders[endpoint]![status] ?? this.#addRecorder(endpoint, status);
    recorder.record(latencyUs);
    this.#intervalRequests++;
    if (failed) this.#intervalErrors++;
    this.#lastEndpoint = endpoint;
    this.#lastFailed = failed;
    this.#lastCheckFailed = false;
  }

  #addRecorder(endpoint: number, status: number): LatencyRecorder {
    let h = this.#byStatus.get(status);
    if (h === undefined) {
      h = new SparseHistogram();
      this.#byStatus.set(status, h);
    }
    const recorder = new LatencyRecorder([this.total.latency, this.endpoints[endpoint]!.latency, h, this.#interval]);
    this.#recorders[endpoint]![status] = recorder;
    this.#allRecorders.push(recorder);
    return recorder;
  }

  recordIteration(failed: boolean): void {
    this.iterations++;
    if (failed) this.failedIterations++;
  }

  recordDropped(): void {
    this.dropped++;
    this.#intervalDropped++;
  }

  /**
   * Records one check. A failed check counts against the request recorded last on `endpoint`
   * (checks run as soon as their response is recorded), once per request: a 404 that fails three
   * checks is one failed request. A failed check with no such request (another endpoint, or -1)
   * is counted in `checkFails` and kind `check`, never as one more failed request.
   */
  recordCheck(endpoint: number, passed: boolean): void {
    if (passed) {
      this.checkPasses++;
      return;
    }
    this.checkFails++;
    const ofLastRequest = endpoint >= 0 && endpoint === this.#lastEndpoint;
    if (ofLastRequest && this.#lastCheckFailed) return;
    const requestFailed = ofLastRequest ? this.#lastFailed : true;
    if (ofLastRequest) this.#lastCheckFailed = true;
    this.total.recordCheckFailure(requestFailed);
    if (endpoint >= 0) this.endpoints[endpoint]!.recordCheckFailure(requestFailed);
  }

  /** Closes the current interval: appends a series point `t` seconds after the measured start. */
  closeInterval(t: number, intervalMs: number, vus: number, rate?: number): SeriesPoint {
    this.flush();
    const h = this.#interval;
    const ms = (us: number) => Math.round(us) / 1000;
    const [p50, p95, p99] = h.percentiles(SERIES_PERCENTILES);
    const point: SeriesPoint = {
      t: Math.round(t * 1000) / 1000,
      requests: this.#intervalRequests,
      rps: Math.round((this.#intervalRequests / intervalMs) * 1000 * 100) / 100,
      errors: this.#intervalErrors,
      p50: ms(p50!),
      p95: ms(p95!),
      p99: ms(p99!),
      vus,
    };
    if (rate !== undefined) {
      point.rate = Math.round(rate * 100) / 100;
      point.dropped = this.#intervalDropped;
    }
    this.series.push(point);
    h.reset();
    this.#intervalRequests = 0;
    this.#intervalErrors = 0;
    this.#intervalDropped = 0;
    return point;
  }

  /** The open interval's latency histogram, encoded (worker threads send it to be merged by interval). */
  encodeInterval(): string {
    this.flush();
    return this.#interval.encode();
  }

  /** The interval so far, for live progress: requests, failures, p95 in ms. */
  currentInterval(): { requests: number; errors: number; p95: number } {
    this.flush();
    return { requests: this.#intervalRequests, errors: this.#intervalErrors, p95: Math.round(this.#interval.percentile(95)) / 1000 };
  }

  /** `http_req_failed` rate over every request; 0 when none. */
  get errorRate(): number {
    return this.total.requests === 0 ? 0 : this.total.failed / this.total.requests;
  }

  /**
   * Drops latency values still buffered. The histograms are garbage collected; callers written for
   * the WASM histograms, which had to be freed, may still call this.
   */
  destroy(): void {
    for (const r of this.#allRecorders) r.clear();
  }
}
