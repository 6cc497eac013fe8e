import { inflateSync } from 'node:zlib';
import { LoadlineError } from '../../core/index.js';

/** Decoded 8-bit RGBA pixels of a PNG image. */
export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row after row. */
  data: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes the PNGs that browsers write for screenshots (8-bit RGB or RGBA, not interlaced), so
 * report tests can check chart pixels without an image library.
 */
export function decodePng(png: Uint8Array): Pixels {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new LoadlineError('LOADLINE_INVALID_FILE', 'not a PNG image');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const body = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      const color = body[9];
      if (depth !== 8 || (color !== 2 && color !== 6) || body[12] !== 0) throw new LoadlineError('LOADLINE_INVALID_FILE', `unsupported PNG: bit depth ${depth}, colour type ${color}, interlace ${body[12]}`);
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? rows[dst + i - channels]! : 0;
      const b = y > 0 ? rows[dst - stride + i]! : 0;
      const c = i >= channels && y > 0 ? rows[dst - stride + i - channels]! : 0;
      const x = raw[src + i]!;
      rows[dst + i] = (filter === 0 ? x : filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : x + paeth(a, b, c)) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: rows };
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = rows[p * 3]!;
    data[p * 4 + 1] = rows[p * 3 + 1]!;
    data[p * 4 + 2] = rows[p * 3 + 2]!;
    data[p * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** Pixels whose colour is clearly saturated (a chart line), unlike the white background and grey grid. */
export function countColouredPixels(pixels: Pixels, minSpread = 60): number {
  let n = 0;
  const d = pixels.data;
  for (let i = 0; i < d.length; i += 4) {
    const r = d[i]!;
    const g = d[i + 1]!;
    const b = d[i + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) >= minSpread) n++;
  }
  return n;
}
