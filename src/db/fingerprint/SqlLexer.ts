/**
 * A SQL tokenizer for the two dialects loadline wraps, precise where fingerprints depend on it:
 * what is a constant, what is a parameter, what is a comment. It is not a parser; it never
 * rejects input (an unterminated string or comment runs to the end of the text, as the server
 * would see it before failing).
 *
 * PostgreSQL: '' and E'' (backslash escapes) and U&'' strings, B'' / X'' bit strings, $tag$
 * dollar quotes, nested block comments, `::` casts, `$n` parameters, numbers with exponents,
 * hex/octal/binary integers and `_` separators (PostgreSQL 16). SQLite: '' strings, X'' blobs,
 * "..." / [...] / `...` identifiers, `?`, `?NNN`, `:name`, `@name`, `$name` parameters.
 */
export type SqlDialect = 'pg' | 'sqlite';

export type TokenKind =
  /** Unquoted keyword or identifier, as written. */
  | 'word'
  /** Quoted identifier ("x", and in SQLite [x] and `x`), as written with its quotes. */
  | 'ident'
  /** String, bit-string or blob constant. */
  | 'string'
  /** Numeric constant (without a sign: unary minus is an operator token). */
  | 'number'
  /** Bind parameter: `$1` in PostgreSQL; `?`, `?3`, `:id`, `@id`, `$id` in SQLite. */
  | 'param'
  /** Operator or punctuation: `(`, `)`, `,`, `;`, `.`, `::`, `=`, `<=`, `||`, `->>`... */
  | 'op';

export interface SqlToken {
  kind: TokenKind;
  text: string;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 36; // `$` is allowed inside PostgreSQL identifiers
const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';
const SQLITE_OPERATOR_CHARS = '+-*/<>=~!%&|';
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

/** Splits `sql` into tokens; comments and whitespace are dropped. */
export function tokenize(sql: string, dialect: SqlDialect): SqlToken[] {
  const tokens: SqlToken[] = [];
  const n = sql.length;
  // In SQLite `?`, `@` and `:` start parameters, never operators.
  const opChars = dialect === 'pg' ? OPERATOR_CHARS : SQLITE_OPERATOR_CHARS;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number) => tokens.push({ kind, text: sql.slice(start, end) });

  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : 0;
    if (isSpace(c)) {
      i++;
    } else if (c === 45 && next === 45) {
      // -- comment to end of line
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === 47 && next === 42) {
      i = skipBlockComment(sql, i, dialect === 'pg');
    } else if (c === 39) {
      const end = quotedEnd(sql, i + 1, 39, false);
      push('string', i, end);
      i = end;
    } else if (isIdentStart(c)) {
      // A one- or two-letter prefix glued to a quote makes a special string constant.
      const prefixed = stringPrefix(sql, i, dialect);
      if (prefixed > 0) {
        const quoteAt = i + prefixed;
        const backslashes = dialect === 'pg' && (sql[i] === 'e' || sql[i] === 'E');
        const end = quotedEnd(sql, quoteAt + 1, 39, backslashes);
        push('string', i, end);
        i = end;
        continue;
      }
      let j = i + 1;
      while (j < n && (isIdentPart(sql.charCodeAt(j)) && (dialect === 'pg' || sql.charCodeAt(j) !== 36))) j++;
      push('word', i, j);
      i = j;
    } else if (c === 34 || (dialect === 'sqlite' && c === 96)) {
      const end = quotedEnd(sql, i + 1, c, false);
      push('ident', i, end);
      i = end;
    } else if (dialect === 'sqlite' && c === 91) {
      const close = sql.indexOf(']', i + 1);
      const end = close < 0 ? n : close + 1;
      push('ident', i, end);
      i = end;
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      const end = numberEnd(sql, i);
      push('number', i, end);
      i = end;
    } else if (c === 36) {
      // $1, $tag$...$tag$ / $$...$$ (PostgreSQL), $name (SQLite)
      if (dialect === 'pg' && isDigit(next)) {
        let j = i + 1;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        push('param', i, j);
        i = j;
      } else if (dialect === 'pg') {
        const tagEnd = dollarTagEnd(sql, i);
        if (tagEnd < 0) {
          push('op', i, i + 1);
          i++;
        } else {
          const tag = sql.slice(i, tagEnd);
          const close = sql.indexOf(tag, tagEnd);
          const end = close < 0 ? n : close + tag.length;
          push('string', i, end);
          i = end;
        }
      } else {
        i = pushNamedParam(sql, i, push);
      }
    } else if (dialect === 'sqlite' && c === 63) {
      let j = i + 1;
      while (j < n && isDigit(sql.charCodeAt(j))) j++;
      push('param', i, j);
      i = j;
    } else if (dialect === 'sqlite' && (c === 58 || c === 64) && isIdentStart(next)) {
      i = pushNamedParam(sql, i, push);
    } else if (c === 58 && next === 58) {
      push('op', i, i + 2);
      i += 2;
    } else if (opChars.includes(sql[i]!)) {
      let j = i + 1;
      // A run of operator characters is one operator, but never swallows the start of a comment.
      while (j < n && opChars.includes(sql[j]!) && !(sql[j] === '-' && sql[j + 1] === '-') && !(sql[j] === '/' && sql[j + 1] === '*')) j++;
      push('op', i, j);
      i = j;
    } else {
      push('op', i, i + 1);
      i++;
    }
  }
  return tokens;
}

function skipBlockComment(sql: string, start: number, nested: boolean): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth = nested ? depth + 1 : 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}

/** Index just past the closing quote; a doubled quote is an escaped one, as is `\'` in E'' strings. */
function quotedEnd(sql: string, from: number, quote: number, backslashes: boolean): number {
  let i = from;
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    if (backslashes && c === 92) i += 2;
    else if (c === quote) {
      if (sql.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** Length of a string-constant prefix at `i` (E, B, X, N, U&; X only in SQLite), or 0. */
function stringPrefix(sql: string, i: number, dialect: SqlDialect): number {
  const c = sql[i]!.toLowerCase();
  if (sql[i + 1] === "'") {
    if (dialect === 'sqlite') return c === 'x' ? 1 : 0;
    return c === 'e' || c === 'b' || c === 'x' || c === 'n' ? 1 : 0;
  }
  if (dialect === 'pg' && c === 'u' && sql[i + 1] === '&' && sql[i + 2] === "'") return 2;
  return 0;
}

function numberEnd(sql: string, start: number): number {
  let i = start;
  const n = sql.length;
  if (sql[i] === '0' && /[xXoObB]/.test(sql[i + 1] ?? '') && /[0-9a-fA-F_]/.test(sql[i + 2] ?? '')) {
    i += 2;
    while (i < n && /[0-9a-fA-F_]/.test(sql[i]!)) i++;
    return i;
  }
  while (i < n && (isDigit(sql.charCodeAt(i)) || sql[i] === '_')) i++;
  if (sql[i] === '.' && sql[i + 1] !== '.') {
    i++;
    while (i < n && (isDigit(sql.charCodeAt(i)) || sql[i] === '_')) i++;
  }
  if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql.charCodeAt(i + 1)) || (/[+-]/.test(sql[i + 1] ?? '') && isDigit(sql.charCodeAt(i + 2))))) {
    i += 2;
    while (i < n && isDigit(sql.charCodeAt(i))) i++;
  }
  return i;
}

/** End of a `$tag$` opener at `i` (tag empty or an identifier), or -1 when `$` starts no quote. */
function dollarTagEnd(sql: string, i: number): number {
  let j = i + 1;
  if (sql[j] === '$') return j + 1;
  if (!isIdentStart(sql.charCodeAt(j))) return -1;
  while (j < sql.length && isIdentPart(sql.charCodeAt(j)) && sql[j] !== '$') j++;
  return sql[j] === '$' ? j + 1 : -1;
}

function pushNamedParam(sql: string, i: number, push: (kind: TokenKind, start: number, end: number) => void): number {
  let j = i + 1;
  while (j < sql.length && (isIdentPart(sql.charCodeAt(j)) || sql[j] === ':') && sql[j] !== '$') j++;
  push(j > i + 1 ? 'param' : 'op', i, j);
  return j;
}
