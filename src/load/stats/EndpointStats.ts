import { ERROR_KINDS, SparseHistogram, type EndpointSummary, type ErrorKind, type TimingBreakdown } from '../../core/index.js';
import type { RequestTimings } from '../http/types.js';

/** Index of each error kind in the counters array, in `ERROR_KINDS` order. */
export const ERROR_KIND_INDEX: Readonly<Record<ErrorKind, number>> = Object.fromEntries(ERROR_KINDS.map((k, i) => [k, i])) as Record<ErrorKind, number>;

/** A transport error's errno-style code and message, as the HTTP client reports it. */
export interface ErrorText {
  code: string;
  message: string;
}

/**
 * Counters and an HDR latency histogram (µs) for one endpoint, or for the whole run. Recording
 * allocates nothing: status codes and error kinds are counted in typed arrays. The histogram is a
 * `SparseHistogram` (JavaScript memory), not the WASM `Histogram`: growing WebAssembly memory
 * would invalidate V8's ArrayBufferDetaching protector in the generator process and slow every
 * typed-array access of node's socket code from then on (see `core/SparseHistogram.ts`).
 */
export class EndpointStats {
  readonly name: string;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly #latency = new SparseHistogram();
  /** Called before the histogram is read: the owner flushes latency it buffers (see `RunStats`). */
  readonly #beforeRead: (() => void) | undefined;
  requests = 0;
  /** Requests counted in `http_req_failed`: transport errors and unexpected statuses. */
  failed = 0;
  /** Requests not in `failed` that failed at least one check; `failed` plus these is `errors`. */
  failedByChecksOnly = 0;
  readonly errorsByKind = new Float64Array(ERROR_KINDS.length);
  /** The first error text of each kind (`CODE: message`), in `ERROR_KINDS` order: the reason behind a count. */
  readonly firstErrors: (string | undefined)[] = new Array<string | undefined>(ERROR_KINDS.length).fill(undefined);
  readonly statusCounts = new Float64Array(600);
  bytesReceived = 0;
  bytesSent = 0;
  readonly #timingSums = new Float64Array(5);
  #timed = 0;

  /** `beforeRead`: called before every read of `latency`, for an owner that buffers latency values. */
  constructor(name: string, method?: string, url?: string, beforeRead?: () => void) {
    this.name = name;
    this.method = method;
    this.url = url;
    this.#beforeRead = beforeRead;
  }

  /** The latency histogram (µs), with anything the owner buffered flushed into it. */
  get latency(): SparseHistogram {
    this.#beforeRead?.();
    return this.#latency;
  }

  /** Records one request; `status` 0 for a transport error of `errorKind`. */
  record(latencyUs: number, status: number, errorKind: number, failed: boolean, bytes: number, timings: RequestTimings | undefined, bytesSent = 0): void {
    this.#latency.record(latencyUs);
    this.count(status, errorKind, failed, bytes, timings, bytesSent);
  }

  /** Counts one request whose latency the caller records into `latency` itself (batched, see `RunStats`). */
  count(status: number, errorKind: number, failed: boolean, bytes: number, timings: RequestTimings | undefined, bytesSent = 0): void {
    this.requests++;
    if (status > 0 && status < 600) this.statusCounts[status]!++;
    if (errorKind >= 0) this.errorsByKind[errorKind]!++;
    if (failed) this.failed++;
    this.bytesReceived += bytes;
    this.bytesSent += bytesSent;
    if (timings !== undefined) {
      const s = this.#timingSums;
      s[0]! += timings.blocked;
      s[1]! += timings.connect;
      s[2]! += timings.tls;
      s[3]! += timings.ttfb;
      s[4]! += timings.receive;
      this.#timed++;
    }
  }

  /** Sums of the timing phases (blocked, connect, tls, ttfb, receive; ms) and how many requests had timings: for merging across workers. */
  timingTotals(): { sums: number[]; count: number } {
    return { sums: [...this.#timingSums], count: this.#timed };
  }

  /** Adds another process's `timingTotals()`. */
  addTimingTotals(totals: { sums: readonly number[]; count: number }): void {
    for (let i = 0; i < this.#timingSums.length; i++) this.#timingSums[i]! += totals.sums[i] ?? 0;
    this.#timed += totals.count;
  }

  /** Keeps `error` as the text of kind `kindIndex` unless one is kept already (the text is built once). */
  noteFirstError(kindIndex: number, error: ErrorText): void {
    if (this.firstErrors[kindIndex] === undefined) this.firstErrors[kindIndex] = error.message ? `${error.code}: ${error.message}` : error.code;
  }

  /**
   * Counts a request whose checks failed (kind `check`), once per request however many checks
   * failed; `requestFailed` when the request is already in `failed` (a 4xx, a transport error),
   * so that it is not failed twice.
   */
  recordCheckFailure(requestFailed: boolean): void {
    this.errorsByKind[ERROR_KIND_INDEX.check]!++;
    if (!requestFailed) this.failedByChecksOnly++;
  }

  /**
   * Failed requests, each once: a transport error, an unexpected status or a failed check. Never
   * above `requests`; the kinds in `errorsByKind` may overlap (a 404 that fails its check is in
   * `http4xx` and `check`), so they can add up to more.
   */
  get errors(): number {
    return this.failed + this.failedByChecksOnly;
  }

  statusCodes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let s = 100; s < 600; s++) if (this.statusCounts[s]! > 0) out[String(s)] = this.statusCounts[s]!;
    return out;
  }

  timings(): TimingBreakdown | undefined {
    if (this.#timed === 0) return undefined;
    const s = this.#timingSums;
    const mean = (i: number) => Math.round((s[i]! / this.#timed) * 1000) / 1000;
    return { blocked: mean(0), connect: mean(1), tls: mean(2), ttfb: mean(3), receive: mean(4) };
  }

  /** Summary for the result file; `durationMs` is the measured duration rps is computed over. */
  summary(durationMs: number): EndpointSummary {
    const byKind = {} as Record<ErrorKind, number>;
    for (let i = 0; i < ERROR_KINDS.length; i++) byKind[ERROR_KINDS[i]!] = this.errorsByKind[i]!;
    let messages: Partial<Record<ErrorKind, string>> | undefined;
    for (let i = 0; i < ERROR_KINDS.length; i++) if (this.firstErrors[i] !== undefined) (messages ??= {})[ERROR_KINDS[i]!] = this.firstErrors[i]!;
    const { count: _count, ...latency } = this.latency.summaryMs();
    // A percentile reads its HDR bucket's upper edge, which can pass the exact max (p99 123.519 ms
    // over a max of 123.457): a summary never shows a percentile outside [min, max].
    for (const key of ['mean', 'p50', 'p90', 'p95', 'p99', 'p999'] as const) latency[key] = Math.min(latency.max, Math.max(latency.min, latency[key]));
    const out: EndpointSummary = {
      name: this.name,
      requests: this.requests,
      rps: durationMs > 0 ? Math.round((this.requests / durationMs) * 1000 * 100) / 100 : 0,
      errors: messages ? { total: this.errors, byKind, messages } : { total: this.errors, byKind },
      statusCodes: this.statusCodes(),
      latency,
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
    };
    if (this.method !== undefined) out.method = this.method;
    if (this.url !== undefined) out.url = this.url;
    const timings = this.timings();
    if (timings) out.timings = timings;
    return out;
  }
}
