import type { DbDriver } from './StatementStats.js';

/** A statement that took at least the slow threshold. */
export interface SlowQuery {
  /** Wall-clock ms when it finished. */
  at: number;
  durationMs: number;
  driver: DbDriver;
  statementId: string;
  /** Normalized text: constants as placeholders. */
  statement: string;
  /** Route of the request that ran it, when it ran within one. */
  route?: string;
  /** Calling line (first frame outside node_modules and loadline), when known. */
  callSite?: string;
  /**
   * `call`: captured for this very call; `statement`: this call was not traced (an async driver's
   * first slow call of the statement), so the line is the statement's last known one.
   */
  callSiteFrom?: 'call' | 'statement';
  /** How many parameters were bound. */
  paramCount: number;
  /** The parameters, only when `captureParams` is on (strings cut at 200 characters). */
  params?: unknown[];
  /** The error code, when the call failed. */
  error?: string;
}

/** A bounded ring of the latest slow statements: memory stays flat however many there are. */
export class SlowQueryLog {
  readonly #ring: (SlowQuery | undefined)[];
  #next = 0;
  total = 0;

  constructor(size: number) {
    this.#ring = new Array(size).fill(undefined);
  }

  add(entry: SlowQuery): void {
    if (this.#ring.length === 0) return;
    this.#ring[this.#next] = entry;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.total++;
  }

  /** Entries, newest first. */
  entries(): SlowQuery[] {
    const out: SlowQuery[] = [];
    const n = this.#ring.length;
    for (let k = 1; k <= n; k++) {
      const e = this.#ring[(this.#next - k + n) % n];
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  clear(): void {
    this.#ring.fill(undefined);
    this.#next = 0;
    this.total = 0;
  }
}

/** Copies bound values for the slow log, when the user opted in: strings and buffers cut, objects as JSON text. */
export function copyParams(params: readonly unknown[]): unknown[] {
  return params.map((v) => {
    if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 200)}...` : v;
    if (typeof v === 'bigint') return `${v}n`;
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return v ?? null;
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `<${v.byteLength} bytes>`;
    if (v instanceof Date) return v.toISOString();
    try {
      const text = JSON.stringify(v);
      return text.length > 200 ? `${text.slice(0, 200)}...` : text;
    } catch {
      return String(v);
    }
  });
}
