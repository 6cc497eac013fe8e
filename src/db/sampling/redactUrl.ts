/**
 * A connection URL fit for a result file or a log: user name, password and query string (which
 * may carry `password=`, `sslkey=`...) removed. What cannot be parsed is replaced whole.
 *
 * @example
 * redactUrl('postgres://app:s3cret@db:5432/shop?sslmode=require'); // 'postgres://db:5432/shop'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    // `user:password@host` without a scheme parses as scheme `user:`: no host means no connection URL.
    if (u.host === '') return '(unparsable URL)';
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** The secrets of a URL (password, user, query values), to scrub from error messages. */
export function secretsOf(url: string): string[] {
  try {
    const u = new URL(url);
    const out = [u.password, decodeURIComponent(u.password), u.username, decodeURIComponent(u.username), ...u.searchParams.values()];
    return out.filter((s) => s.length >= 3);
  } catch {
    return [url];
  }
}

/** `message` with every secret replaced by `***`. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
