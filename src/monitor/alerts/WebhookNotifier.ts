import { checkInteger, checkString, invalidInput, systemClock, type Clock, type TimerHandle } from '../../core/index.js';

export interface WebhookOptions {
  /** URL the JSON body is POSTed to. */
  url: string;
  /** Extra request headers (e.g. an Authorization for the receiver); default none. */
  headers?: Record<string, string>;
  /** Attempts per event, the first included; default 5. */
  maxAttempts?: number;
  /** Wait before the first retry, doubled on each further one; default 1000 ms. */
  initialBackoffMs?: number;
  /** Longest wait between attempts; default 30,000 ms. */
  maxBackoffMs?: number;
  /** Time one attempt may take; default 5000 ms. */
  timeoutMs?: number;
  /** Events waiting for delivery at most; past it the oldest is dropped; default 100. */
  maxQueue?: number;
  clock?: Clock;
}

export interface WebhookStats {
  delivered: number;
  /** Events given up after `maxAttempts`. */
  failed: number;
  /** Events dropped because the queue was full (the oldest go first). */
  dropped: number;
  /** Attempts made, retries included. */
  attempts: number;
  /** Events waiting for delivery, the one being attempted included. */
  pending: number;
}

interface Queued {
  body: string;
  attempts: number;
}

/**
 * Delivers JSON events to a webhook in the background, one at a time and in order, with retry and
 * exponential backoff: `send` never blocks and never throws, and a receiver that is down costs a
 * bounded queue. Each body carries a `sequence` number (1, 2, ... for this notifier), so a
 * receiver can order what it got and see what it missed (a gap is an event dropped or given up).
 * Order holds across an outage because only the oldest event is ever attempted: the rest wait
 * behind it, and the backoff is the receiver's (consecutive failures), not each event's. When the
 * queue is full the oldest event is dropped, so the latest state (a resolve, say) always gets
 * through.
 *
 * @example
 * const hook = new WebhookNotifier({ url: 'https://hooks.example/alerts', maxAttempts: 5 });
 * hook.send({ alert: 'p95', state: 'firing' }); // POSTs {"alert":"p95","state":"firing","sequence":1}
 */
export class WebhookNotifier {
  readonly url: string;
  readonly #headers: Record<string, string>;
  readonly #maxAttempts: number;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #timeoutMs: number;
  readonly #maxQueue: number;
  readonly #clock: Clock;
  readonly #stats: WebhookStats = { delivered: 0, failed: 0, dropped: 0, attempts: 0, pending: 0 };
  readonly #queue: Queued[] = [];
  #sequence = 0;
  /** Failed attempts in a row: the receiver's backoff. */
  #failures = 0;
  #inFlight = false;
  #retry: TimerHandle | undefined;
  #closed = false;

  constructor(options: WebhookOptions) {
    if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'webhook', value: options, expected: 'an object with url, or a URL string' });
    this.url = checkString(options.url, 'webhook.url');
    try {
      const u = new URL(this.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw invalidInput({ field: 'webhook.url', value: options.url, expected: 'an http:// or https:// URL' });
    }
    this.#headers = { 'content-type': 'application/json', ...options.headers };
    this.#maxAttempts = checkInteger(options.maxAttempts ?? 5, 'webhook.maxAttempts', { min: 1 });
    this.#initialBackoffMs = checkInteger(options.initialBackoffMs ?? 1000, 'webhook.initialBackoffMs', { min: 0 });
    this.#maxBackoffMs = checkInteger(options.maxBackoffMs ?? 30_000, 'webhook.maxBackoffMs', { min: 0 });
    this.#timeoutMs = checkInteger(options.timeoutMs ?? 5000, 'webhook.timeoutMs', { min: 1 });
    this.#maxQueue = checkInteger(options.maxQueue ?? 100, 'webhook.maxQueue', { min: 1 });
    this.#clock = options.clock ?? systemClock;
  }

  get stats(): Readonly<WebhookStats> {
    return { ...this.#stats, pending: this.#queue.length };
  }

  /** Queues `event` (a JSON object gets a `sequence` field; anything else is sent as `{ event, sequence }`). */
  send(event: unknown): void {
    if (this.#closed) return;
    const sequence = ++this.#sequence;
    const body = JSON.stringify(typeof event === 'object' && event !== null && !Array.isArray(event) ? { ...event, sequence } : { event, sequence });
    if (this.#queue.length >= this.#maxQueue) {
      // The oldest goes, even mid-attempt: its answer is then ignored.
      this.#queue.shift();
      this.#stats.dropped++;
    }
    this.#queue.push({ body, attempts: 0 });
    this.#next();
  }

  /** Cancels pending retries; queued events are not sent. */
  close(): void {
    this.#closed = true;
    if (this.#retry) this.#clock.clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  /** Attempts the oldest event, unless an attempt is running or the backoff is being waited out. */
  #next(): void {
    if (this.#closed || this.#inFlight || this.#retry !== undefined) return;
    const head = this.#queue[0];
    if (head !== undefined) void this.#attempt(head);
  }

  async #attempt(item: Queued): Promise<void> {
    this.#inFlight = true;
    item.attempts++;
    this.#stats.attempts++;
    let ok = false;
    try {
      const res = await fetch(this.url, { method: 'POST', headers: this.#headers, body: item.body, signal: AbortSignal.timeout(this.#timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status < 300;
    } catch {
      ok = false;
    }
    this.#inFlight = false;
    if (this.#closed) return;
    this.#failures = ok ? 0 : this.#failures + 1;
    if (this.#queue[0] === item && (ok || item.attempts >= this.#maxAttempts)) {
      this.#queue.shift();
      if (ok) this.#stats.delivered++;
      else this.#stats.failed++;
    }
    if (ok) {
      this.#next();
      return;
    }
    const delay = Math.min(this.#maxBackoffMs, this.#initialBackoffMs * 2 ** (this.#failures - 1));
    this.#retry = this.#clock.setTimeout(() => {
      this.#retry = undefined;
      this.#next();
    }, delay);
    this.#retry.unref?.();
  }
}
