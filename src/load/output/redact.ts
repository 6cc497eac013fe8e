/** The placeholder written instead of a secret. */
export const REDACTED = '[REDACTED]';

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|passw(or)?d|api[-_]?key|session|credential|private/i;

/** True when a header (or variable) of that name holds a secret that must never be written out. */
export function isSecretName(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/**
 * A copy of `headers` with every secret value replaced by `[REDACTED]`: Authorization, Cookie,
 * Set-Cookie, Proxy-Authorization and anything named like a token, secret, password or API key.
 *
 * @example
 * redactHeaders({ Authorization: 'Bearer abc', Accept: 'json' }); // { Authorization: '[REDACTED]', Accept: 'json' }
 */
export function redactHeaders<T extends string | string[]>(headers: Readonly<Record<string, T>>): Record<string, T | string> {
  const out: Record<string, T | string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = isSecretName(name) ? REDACTED : value;
  return out;
}

/**
 * A URL with its password and secret-looking query parameters (`?token=`, `?api_key=`) redacted,
 * for results and logs.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (u.password) {
    u.password = 'REDACTED';
    changed = true;
  }
  for (const key of [...u.searchParams.keys()]) {
    if (isSecretName(key)) {
      u.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  return changed ? u.toString() : url;
}
