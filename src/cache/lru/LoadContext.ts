import { checkNumber } from '../../core/index.js';
import type { LoaderContext } from './lruTypes.js';

/**
 * What one loader run receives, and what it decided about its result: a TTL of its own
 * (`setTtl`) or not to store it at all (`skip`). One per load, never per hit.
 */
export class LoadContext<V> implements LoaderContext<V> {
  readonly key: string;
  readonly signal: AbortSignal;
  readonly stale: V | undefined;
  /** @internal the TTL the loader chose; `undefined` when it did not. Milliseconds. */
  ttlMs: number | undefined = undefined;
  /** @internal whether the loader asked not to store its result. */
  skipped = false;

  constructor(key: string, signal: AbortSignal, stale: V | undefined) {
    this.key = key;
    this.signal = signal;
    this.stale = stale;
  }

  setTtl(ttlMs: number): void {
    this.ttlMs = checkNumber(ttlMs, 'setTtl', { min: 0 });
  }

  skip(): void {
    this.skipped = true;
  }
}
