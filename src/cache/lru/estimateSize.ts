/**
 * The default size function of a byte-bounded cache: a fair estimate of what a value costs in
 * memory, cheap for the common cases (strings, buffers, numbers) and JSON length otherwise.
 *
 * @example
 * estimateSize('héllo');          // 10 (UTF-16, 2 bytes per code unit)
 * estimateSize(Buffer.alloc(64)); // 64
 * estimateSize({ id: 1 });        // 16 (JSON length x 2)
 */
export function estimateSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length * 2 || 1;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
    case 'symbol':
      return 8;
    case 'function':
      return 64;
    default:
      if (value === null) return 8;
      if (ArrayBuffer.isView(value)) return value.byteLength || 1;
      if (value instanceof ArrayBuffer) return value.byteLength || 1;
      return (JSON.stringify(value)?.length ?? 4) * 2;
  }
}
