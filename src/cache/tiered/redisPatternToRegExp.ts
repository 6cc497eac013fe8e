/**
 * Turns a Redis glob (`*`, `?`, `[abc]`, `\x`) into an anchored RegExp, so pattern invalidation
 * drops the same keys from the memory tier as SCAN MATCH does from Redis.
 *
 * @example
 * redisPatternToRegExp('user:*:profile').test('user:42:profile'); // true
 */
export function redisPatternToRegExp(glob: string): RegExp {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '\\' && i + 1 < glob.length) out += escape(glob[++i]!);
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('^')) body = `^${body.slice(1)}`;
        out += `[${body}]`;
        i = end;
      }
    } else out += escape(ch);
  }
  return new RegExp(`${out}$`, 's');
}

function escape(ch: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(ch) ? `\\${ch}` : ch;
}
