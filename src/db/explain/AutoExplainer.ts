import type { DbTarget } from '../driverTypes.js';
import { explain } from './explain.js';
import type { ExplainResult } from './types.js';

interface Job {
  statementId: string;
  target: DbTarget;
  text: string;
  params: unknown;
}

/**
 * Explains slow read statements off the request path: jobs wait in a bounded queue and run one
 * at a time from `setImmediate`, each on a connection of its own (PostgreSQL) or the database's
 * uninstrumented methods (SQLite, between requests). The monitor schedules a statement at most
 * once per interval. Parameter values live only in the queued job, never in the results.
 */
export class AutoExplainer {
  readonly #queue: Job[] = [];
  readonly #results = new Map<string, ExplainResult>();
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly options: { createHypopg: boolean },
    private readonly maxResults: number,
  ) {}

  schedule(statementId: string, target: DbTarget, text: string, params: unknown): void {
    if (this.#closed || this.#queue.length >= 16) return;
    this.#queue.push({ statementId, target, text, params: Array.isArray(params) ? [...params] : params });
    this.#running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    for (let job = this.#queue.shift(); job !== undefined && !this.#closed; job = this.#queue.shift()) {
      const params = Array.isArray(job.params) || (typeof job.params === 'object' && job.params !== null) ? job.params : undefined;
      const result = await explain(job.target, job.text, params, { createHypopg: this.options.createHypopg }).catch((e: unknown) => ({ ok: false, driver: 'pg' as const, at: Date.now(), reason: String(e), findings: [] }));
      if (!this.#results.has(job.statementId) && this.#results.size >= this.maxResults) this.#results.delete(this.#results.keys().next().value!);
      this.#results.delete(job.statementId);
      this.#results.set(job.statementId, { ...result, statementId: job.statementId });
    }
    this.#running = undefined;
  }

  /** Latest result per statement, newest first. */
  results(): ExplainResult[] {
    return [...this.#results.values()].reverse();
  }

  /** Resolves once the queue is empty. */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    await this.#running;
  }
}
