import { invalidInput, parseDuration } from '../core/index.js';
import { REDACTED } from '../load/output/redact.js';
import { FIELD_VALUE, FIELD_VALUE_EXPECTED, TOKEN } from '../load/http/RequestEncoder.js';

/**
 * The request flags `loadline run` and `loadline find` share, read by one parser so they mean
 * the same in both: --method, --header (repeatable), --body, --timeout and --insecure.
 *
 * --timeout defaults to the library's `timeoutMs` (10 s, for `runLoad`, `findCapacity`,
 * `runSpike` and `runSoak` alike; the CLI sets nothing when the flag is absent): a slow answer
 * that still comes is a latency the SLOs judge, not an error that hides it, and 10 s is also
 * autocannon's default, whose flags `run` takes. A shorter timeout is one flag away.
 */

/** `parseArgs` options of the request flags, spread into each command's. */
export const REQUEST_OPTIONS = {
  method: { type: 'string', short: 'm' },
  header: { type: 'string', multiple: true, short: 'H' },
  body: { type: 'string', short: 'b' },
  timeout: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
} as const;

/** Help lines of the request flags (no heading). */
export const REQUEST_HELP = `  -m, --method M        HTTP method (default GET)
  -H, --header 'Name: v'  repeatable request header
  -b, --body TEXT       request body
  --timeout D           per-request timeout (default 10s); a slower answer is a timeout error
  -k, --insecure        https: accept any certificate (test servers only)`;

/** What the request flags ask for, as the library's option fields; absent flags are absent fields. */
export interface RequestFlags {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  insecure?: true;
}

/** The values `parseArgs` gives for the request flags. */
export interface RequestFlagValues {
  method?: string;
  header?: string[];
  body?: string;
  timeout?: string;
  insecure?: boolean;
}

/**
 * What an error may show of a header flag: the text before its first separator, never what
 * follows (it may be a credential: `Authorization Bearer xyz` shows as `Authorization [REDACTED]`),
 * and nothing at all of a text without a separator.
 */
export function shownHeader(text: string): string {
  const head = /^[^:\s=]*/.exec(text)![0];
  return head.length > 0 && head.length < text.length ? `${head} ${REDACTED}` : REDACTED;
}

/** One `--header 'Name: value'`; a bad one throws naming the flag, never echoing the value. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon === -1 ? '' : text.slice(0, colon).trim();
  if (!TOKEN.test(name)) throw invalidInput({ field: '--header', value: shownHeader(text), expected: "'Name: value' with a valid header name, e.g. 'Accept: application/json'" });
  const value = text.slice(colon + 1).trim();
  if (!FIELD_VALUE.test(value)) throw invalidInput({ field: '--header', value: `${name}: ${REDACTED}`, expected: `a header value of ${FIELD_VALUE_EXPECTED}` });
  return [name, value];
}

/**
 * Reads the request flags into the library's fields; every bad value names its flag.
 *
 * @example
 * const request = parseRequestFlags(values); // { method: 'POST', headers: { accept: ... }, timeoutMs: 2000 }
 */
export function parseRequestFlags(v: RequestFlagValues): RequestFlags {
  const out: RequestFlags = {};
  if (v.method !== undefined) {
    if (!/^[A-Za-z]+$/.test(v.method)) throw invalidInput({ field: '--method', value: v.method, expected: 'an HTTP method such as GET or POST' });
    out.method = v.method.toUpperCase();
  }
  if (v.header?.length) out.headers = Object.fromEntries(v.header.map(parseHeader));
  if (v.body !== undefined) out.body = v.body;
  if (v.timeout !== undefined) {
    const ms = parseDuration(v.timeout, '--timeout');
    if (!(ms > 0)) throw invalidInput({ field: '--timeout', value: v.timeout, expected: 'a duration above 0, such as 5s' });
    out.timeoutMs = ms;
  }
  if (v.insecure) out.insecure = true;
  return out;
}

/** The first flag given that sets a request of its own (--method, --header, --body), or undefined: a scenario file sets its own requests. */
export function ownRequestFlag(v: RequestFlagValues): string | undefined {
  if (v.method !== undefined) return '--method';
  if (v.header?.length) return '--header';
  return v.body !== undefined ? '--body' : undefined;
}
