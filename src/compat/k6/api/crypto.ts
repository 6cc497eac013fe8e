import { createHash, createHmac, randomBytes } from 'node:crypto';
import { toBuffer } from './encoding.js';

const ALGORITHMS: Readonly<Record<string, string>> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha512_224: 'sha512-224', sha512_256: 'sha512-256', ripemd160: 'ripemd160' };

function algorithm(name: unknown): string {
  const a = ALGORITHMS[String(name)];
  if (a === undefined) throw new Error(`k6/crypto: unknown algorithm ${JSON.stringify(name)} (loadline has ${Object.keys(ALGORITHMS).join(', ')})`);
  return a;
}

function output(digest: Buffer, encoding: unknown): string | ArrayBuffer {
  switch (encoding) {
    case 'hex':
      return digest.toString('hex');
    case 'base64':
      return digest.toString('base64');
    case 'base64url':
      return `${digest.toString('base64url')}${'='.repeat((4 - (digest.toString('base64url').length % 4)) % 4)}`;
    case 'base64rawurl':
      return digest.toString('base64url');
    case 'binary':
    case undefined:
      return new Uint8Array(digest).buffer;
    default:
      throw new Error(`k6/crypto: unknown output encoding ${JSON.stringify(encoding)} (hex, base64, base64url, base64rawurl, binary)`);
  }
}

/** The `k6/crypto` module: hashes (`sha256(input, 'hex')`, ...), `hmac`, `createHash`, `createHMAC`, `randomBytes`. */
export function cryptoModule(): Record<string, unknown> {
  const api: Record<string, unknown> = {
    createHash: (name: unknown) => {
      const h = createHash(algorithm(name));
      return { update: (input: unknown) => h.update(toBuffer(input)), digest: (enc: unknown) => output(h.digest(), enc) };
    },
    createHMAC: (name: unknown, secret: unknown) => {
      const h = createHmac(algorithm(name), toBuffer(secret));
      return { update: (input: unknown) => h.update(toBuffer(input)), digest: (enc: unknown) => output(h.digest(), enc) };
    },
    hmac: (name: unknown, secret: unknown, data: unknown, enc: unknown) => output(createHmac(algorithm(name), toBuffer(secret)).update(toBuffer(data)).digest(), enc),
    randomBytes: (n: number) => {
      const b = randomBytes(n);
      return new Uint8Array(b).buffer;
    },
  };
  for (const [k6Name, nodeName] of Object.entries(ALGORITHMS)) api[k6Name] = (input: unknown, enc: unknown) => output(createHash(nodeName).update(toBuffer(input)).digest(), enc);
  api.default = api;
  return api;
}
