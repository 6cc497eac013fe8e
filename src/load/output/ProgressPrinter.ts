import type { ProgressSnapshot } from '../LoadRun.js';

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

/** `1 VU`, `2 VUs`. */
function vus(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'VU' : 'VUs'}`;
}

/** A rate per second as people read it: whole above 10/s, one decimal below. */
function perSecond(rate: number): string {
  return rate >= 10 ? Math.round(rate).toLocaleString('en-US') : String(Math.round(rate * 10) / 10);
}

/**
 * One progress line: elapsed/total, VUs (open model: busy of allocated, as k6 shows them), the
 * arrival rate, RPS, p95, errors.
 */
export function formatProgress(p: ProgressSnapshot): string {
  const secs = (ms: number) => `${(ms / 1000).toFixed(0)}s`;
  // Worker threads finish after the planned end: the time shown stops there, the line says stopping.
  const over = p.totalMs !== null && p.elapsedMs > p.totalMs;
  const elapsed = over ? p.totalMs! : p.elapsedMs;
  const time = p.phase === 'warmup' ? 'warm-up' : p.totalMs === null ? secs(elapsed) : `${secs(elapsed)}/${secs(p.totalMs)}`;
  const parts = [time, p.allocatedVus === undefined ? vus(p.vus) : `${p.vus}/${vus(p.allocatedVus)} busy`];
  if (p.rate !== undefined) parts.push(`rate ${perSecond(p.rate)}/s`);
  parts.push(`${Math.round(p.rps).toLocaleString('en-US')} req/s`, `p95 ${p.p95.toFixed(1)}ms`, `${p.requests.toLocaleString('en-US')} reqs`, `${p.errors} errors`);
  if (p.dropped) parts.push(`${p.dropped} dropped`);
  if (p.phase === 'stopping' || (over && p.phase !== 'warmup')) parts.push('stopping');
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
