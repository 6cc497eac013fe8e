import type { ProgressSnapshot } from './LoadRun.js';

/** Options of the live progress output. */
export interface ProgressPrinterOptions {
  /** Where lines go; default `process.stderr`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Refreshing line when true; default the stream's `isTTY`. */
  tty?: boolean;
  /** How often a line is written when not a TTY, in ms; default 5000. On a TTY: every 250 ms. */
  everyMs?: number;
  /** Label before each line; default `loadline`. */
  label?: string;
}

/** One progress line: elapsed/total, VUs, RPS, p95, errors. */
export function formatProgress(p: ProgressSnapshot): string {
  const secs = (ms: number) => `${(ms / 1000).toFixed(0)}s`;
  const time = p.phase === 'warmup' ? 'warm-up' : p.totalMs === null ? secs(p.elapsedMs) : `${secs(p.elapsedMs)}/${secs(p.totalMs)}`;
  const parts = [time, `${p.vus} VUs`];
  if (p.rate !== undefined) parts.push(`rate ${p.rate}/s`);
  parts.push(`${Math.round(p.rps).toLocaleString('en-US')} req/s`, `p95 ${p.p95.toFixed(1)}ms`, `${p.requests.toLocaleString('en-US')} reqs`, `${p.errors} errors`);
  if (p.dropped) parts.push(`${p.dropped} dropped`);
  if (p.phase === 'stopping') parts.push('stopping');
  return parts.join(' | ');
}

/**
 * Live progress of a run: one refreshing line on a TTY, a plain line every few seconds otherwise
 * (CI logs). Call `stop()` before printing the summary.
 *
 * @example
 * const printer = new ProgressPrinter(() => run.progress());
 * printer.start();
 * await run.result;
 * printer.stop();
 */
export class ProgressPrinter {
  readonly #snapshot: () => ProgressSnapshot;
  readonly #stream: NonNullable<ProgressPrinterOptions['stream']>;
  readonly #tty: boolean;
  readonly #everyMs: number;
  readonly #label: string;
  #timer: NodeJS.Timeout | undefined;

  constructor(snapshot: () => ProgressSnapshot, options: ProgressPrinterOptions = {}) {
    this.#snapshot = snapshot;
    this.#stream = options.stream ?? process.stderr;
    this.#tty = options.tty ?? this.#stream.isTTY === true;
    this.#everyMs = options.everyMs ?? (this.#tty ? 250 : 5000);
    this.#label = options.label ?? 'loadline';
  }

  start(): void {
    this.#timer = setInterval(() => this.#print(), this.#everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#tty) this.#stream.write('\r\x1b[2K');
  }

  #print(): void {
    const line = `${this.#label} ${formatProgress(this.#snapshot())}`;
    if (this.#tty) {
      const width = this.#stream.columns ?? 120;
      this.#stream.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
    } else this.#stream.write(`${line}\n`);
  }
}
