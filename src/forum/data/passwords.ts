import { createHash, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/** scrypt's output length; the cost parameters are node's defaults (N=16384, r=8, p=1): about 35-60 ms of CPU a check. */
const KEY_BYTES = 64;

/** A deterministic salt for `seed` (the seeded data must come out the same on every run). */
export function seededSalt(seed: number): string {
  return createHash('sha256').update(`loadline-forum-salt-${seed}`).digest('hex').slice(0, 32);
}

export function hashPasswordSync(password: string, salt: string): string {
  return scryptSync(password, salt, KEY_BYTES).toString('hex');
}

/** The naive check: scryptSync holds the event loop for the whole derivation. */
export function verifyPasswordSync(password: string, salt: string, hash: string): boolean {
  return equalHex(scryptSync(password, salt, KEY_BYTES), hash);
}

/** The fixed check: scrypt runs on libuv's thread pool while the event loop serves others. */
export function verifyPassword(password: string, salt: string, hash: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, (err, key) => (err ? reject(err) : resolve(equalHex(key, hash))));
  });
}

function equalHex(key: Buffer, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  return expected.length === key.length && timingSafeEqual(key, expected);
}
