import { checkInteger, checkString, invalidInput, systemClock, type Clock } from '../core/index.js';

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
  /** Events dropped because the queue was full. */
  dropped: number;
  /** Attempts made, retries included. */
  attempts: number;
  pending: number;
}

/**
 * Delivers JSON events to a webhook with retry and exponential backoff, in the background: `send`
 * never blocks and never throws, and a receiver that is down costs a bounded queue.
 *
 * @example
 * const hook = new WebhookNotifier({ url: 'https://hooks.example/alerts', maxAttempts: 5 });
 * hook.send({ alert: 'p95', state: 'firing' });
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
  readonly #timers = new Set<ReturnType<Clock['setTimeout']>>();
  readonly #stats: WebhookStats = { delivered: 0, failed: 0, dropped: 0, attempts: 0, pending: 0 };
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
    return { ...this.#stats };
  }

  send(event: unknown): void {
    if (this.#closed) return;
    if (this.#stats.pending >= this.#maxQueue) {
      this.#stats.dropped++;
      return;
    }
    this.#stats.pending++;
    void this.#attempt(JSON.stringify(event), 1);
  }

  /** Cancels pending retries. */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers) this.#clock.clearTimeout(t);
    this.#timers.clear();
  }

  async #attempt(body: string, attempt: number): Promise<void> {
    if (this.#closed) return;
    this.#stats.attempts++;
    let ok = false;
    try {
      const res = await fetch(this.url, { method: 'POST', headers: this.#headers, body, signal: AbortSignal.timeout(this.#timeoutMs) });
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status < 300;
    } catch {
      ok = false;
    }
    if (ok) {
      this.#stats.delivered++;
      this.#stats.pending--;
      return;
    }
    if (attempt >= this.#maxAttempts || this.#closed) {
      this.#stats.failed++;
      this.#stats.pending--;
      return;
    }
    const delay = Math.min(this.#maxBackoffMs, this.#initialBackoffMs * 2 ** (attempt - 1));
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(body, attempt + 1);
    }, delay);
    timer.unref?.();
    this.#timers.add(timer);
  }
}
