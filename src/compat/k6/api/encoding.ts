/**
 * The `k6/encoding` module: `b64encode(input, encoding)` and `b64decode(input, encoding, format)`,
 * with k6's encodings `std` (default), `rawstd` (no padding), `url`, `rawurl`.
 */
export function encodingModule(): Record<string, unknown> {
  const api: Record<string, unknown> = {
    b64encode: (input: unknown, encoding = 'std') => {
      const buf = toBuffer(input);
      const url = encoding === 'url' || encoding === 'rawurl';
      let out = buf.toString(url ? 'base64url' : 'base64');
      if (encoding === 'url') out += '='.repeat((4 - (out.length % 4)) % 4);
      if (encoding === 'rawstd') out = out.replace(/=+$/, '');
      return out;
    },
    b64decode: (input: unknown, encoding = 'std', format?: string) => {
      const text = String(input);
      const buf = Buffer.from(text, encoding === 'url' || encoding === 'rawurl' ? 'base64url' : 'base64');
      return format === 's' ? buf.toString('utf8') : new Uint8Array(buf).buffer;
    },
  };
  api.default = api;
  return api;
}

export function toBuffer(input: unknown): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (input instanceof ArrayBuffer) return Buffer.from(input);
  if (ArrayBuffer.isView(input)) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return Buffer.from(String(input), 'utf8');
}
