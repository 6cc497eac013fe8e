import { invalidInput } from '../../core/index.js';
import type { ResponseCache } from './ResponseCache.js';

/**
 * Rejects anything but a ResponseCache when an adapter is made, instead of a bare TypeError on
 * the first request. Checked by shape: the adapters are imported by ResponseCache itself.
 */
export function checkResponseCache(value: unknown): ResponseCache {
  const cache = value as Partial<ResponseCache> | null;
  if (typeof cache !== 'object' || cache === null || typeof cache.decide !== 'function' || typeof cache.remember !== 'function') {
    throw invalidInput({ field: 'cache', value, expected: 'a ResponseCache' });
  }
  return value as ResponseCache;
}
