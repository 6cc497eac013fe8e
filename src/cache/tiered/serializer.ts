import { LoadlineError } from '../../core/index.js';

/** How values travel to and from Redis. */
export interface Serializer<V> {
  /** Encodes a value; throw (or return a non-string) when it cannot be encoded. */
  serialize(value: V): string;
  deserialize(raw: string): V;
}

/** The default serializer: JSON. */
export const jsonSerializer: Serializer<unknown> = {
  serialize: (value) => JSON.stringify(value),
  deserialize: (raw) => JSON.parse(raw) as unknown,
};

/**
 * Encodes `value` or throws LOADLINE_CACHE_SERIALIZE naming the key and the cause, so a value that
 * cannot be stored fails its own call before anything in the cache changes.
 *
 * @example
 * encodeValue(jsonSerializer, 'k', { n: 10n }); // throws: key "k": value cannot be serialized (Do not know how to serialize a BigInt)
 */
export function encodeValue<V>(serializer: Serializer<V>, key: string, value: V): string {
  let raw: unknown;
  try {
    raw = serializer.serialize(value);
  } catch (error) {
    throw new LoadlineError('LOADLINE_CACHE_SERIALIZE', `key ${JSON.stringify(key)}: value cannot be serialized (${(error as Error)?.message ?? String(error)})`, { field: 'value', expected: 'a value the serializer can encode' }, { cause: error });
  }
  if (typeof raw !== 'string') {
    throw new LoadlineError('LOADLINE_CACHE_SERIALIZE', `key ${JSON.stringify(key)}: value cannot be serialized (the serializer returned ${raw === undefined ? 'undefined' : typeof raw}, expected a string)`, { field: 'value', value: raw, expected: 'a string from serialize()' });
  }
  return raw;
}
