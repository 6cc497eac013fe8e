import type { IncomingHttpHeaders } from 'node:http';
import { invalidInput } from '../../core/index.js';

/** Request headers that carry who the caller is, whatever the application adds to them. */
export const BUILT_IN_CREDENTIAL_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'];

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** Validates `credentialHeaders` and returns the built-in headers plus these, in lower case. */
export function checkCredentialHeaders(value: unknown, field = 'credentialHeaders'): readonly string[] {
  if (value === undefined) return BUILT_IN_CREDENTIAL_HEADERS;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && TOKEN.test(v))) {
    throw invalidInput({ field, value, expected: 'a list of header names such as ["X-Session-Token"]' });
  }
  return [...new Set([...BUILT_IN_CREDENTIAL_HEADERS, ...value.map((v: string) => v.toLowerCase())])];
}

/** A cookie name that does not identify anyone: an exact name or a pattern. */
export type CookieName = string | RegExp;

/** Validates `ignoreCookies`. */
export function checkIgnoreCookies(value: unknown, field = 'ignoreCookies'): readonly CookieName[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => (typeof v === 'string' && v.length > 0) || v instanceof RegExp)) {
    throw invalidInput({ field, value, expected: 'a list of cookie names or RegExps such as ["_ga", /^_ga_/]' });
  }
  return value;
}

function ignored(name: string, ignore: readonly CookieName[]): boolean {
  for (const n of ignore) {
    if (typeof n === 'string') {
      if (n === name) return true;
    } else {
      n.lastIndex = 0; // a /g pattern would otherwise resume where its last test stopped
      if (n.test(name)) return true;
    }
  }
  return false;
}

/** Whether every cookie in a Cookie header is one of `ignore` (and there is at least one). */
function onlyIgnoredCookies(header: string | string[], ignore: readonly CookieName[]): boolean {
  let seen = false;
  for (const part of (Array.isArray(header) ? header.join(';') : header).split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (!ignored((eq === -1 ? pair : pair.slice(0, eq)).trim(), ignore)) return false;
    seen = true;
  }
  return seen;
}

/**
 * Whether a request carries a credential: any of `names` present, even empty (an application
 * may read an empty value as someone), except a Cookie header made only of `ignoreCookies`.
 */
export function carriesCredentials(headers: IncomingHttpHeaders, names: readonly string[], ignoreCookies: readonly CookieName[]): boolean {
  for (const name of names) {
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'cookie' && ignoreCookies.length !== 0 && onlyIgnoredCookies(value, ignoreCookies)) continue;
    return true;
  }
  return false;
}
