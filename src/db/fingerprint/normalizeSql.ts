import { createHash } from 'node:crypto';
import { tokenize, type SqlDialect, type SqlToken } from './SqlLexer.js';

/** A statement's shape: the text every literal variant of it normalizes to, and a stable id. */
export interface NormalizedSql {
  /** Constants and parameters as placeholders, lists squashed, keywords lower-case, comments gone. */
  text: string;
  /** 16 hex digits of SHA-256 over dialect and text: the same in every process and run. */
  id: string;
  /** Whether the statement only reads (SELECT, VALUES, TABLE, WITH without a data-modifying part). */
  readOnly: boolean;
}

/** Marker after the first element of a squashed list, as PostgreSQL 18's pg_stat_statements writes it. */
const SQUASHED = '/*, ... */';

const READ_STARTS = new Set(['select', 'with', 'values', 'table']);
/** Keywords that make a statement starting with SELECT/WITH write (data-modifying CTEs, SELECT INTO). */
const WRITE_WORDS = new Set(['insert', 'update', 'delete', 'merge', 'truncate', 'create', 'alter', 'drop', 'into']);

/**
 * Normalizes a statement as pg_stat_statements does, and further: every constant becomes a
 * placeholder (`$n` for PostgreSQL, `?` for SQLite), `IN (...)` and `ARRAY[...]` lists of
 * constants of any length and repeated `VALUES` rows collapse to one form, so a million
 * literal variants of one shape make one fingerprint.
 *
 * @example
 * normalizeSql("SELECT * FROM t WHERE id IN (1, 2, 3) -- hot", 'pg').text
 * // "select * from t where id in ($1 /*, ... *\/)"
 */
export function normalizeSql(sql: string, dialect: SqlDialect): NormalizedSql {
  const tokens = tokenize(sql, dialect);
  while (tokens.length > 0 && tokens[tokens.length - 1]!.text === ';') tokens.pop();
  const out: string[] = [];
  const numbering = new Numbering(dialect);
  for (let i = 0; i < tokens.length; ) i = emit(tokens, i, out, numbering);
  const text = join(out);
  const id = createHash('sha256').update(`${dialect}\n${text}`).digest('hex').slice(0, 16);
  return { text, id, readOnly: isReadOnly(tokens) };
}

/** Placeholder numbering: constants get fresh numbers, a repeated `$n` keeps the number it got first. */
class Numbering {
  #next = 1;
  #params = new Map<string, string>();
  constructor(readonly dialect: SqlDialect) {}

  constant(): string {
    return this.dialect === 'pg' ? `$${this.#next++}` : '?';
  }

  param(text: string): string {
    if (this.dialect === 'sqlite') return '?';
    let p = this.#params.get(text);
    if (p === undefined) this.#params.set(text, (p = `$${this.#next++}`));
    return p;
  }
}

/** Emits the token at `i` (or a squashed list starting there) and returns the next index. */
function emit(tokens: SqlToken[], i: number, out: string[], numbering: Numbering): number {
  const t = tokens[i]!;
  const word = t.kind === 'word' ? t.text.toLowerCase() : '';
  if ((word === 'in' && tokens[i + 1]?.text === '(') || (word === 'array' && tokens[i + 1]?.text === '[')) {
    const close = word === 'in' ? ')' : ']';
    const end = constantListEnd(tokens, i + 2, close);
    if (end > 0) {
      out.push(word, tokens[i + 1]!.text, firstPlaceholder(tokens, i + 2, numbering), SQUASHED, close);
      return end + 1;
    }
  }
  if (word === 'values') {
    const end = repeatedRowsEnd(tokens, i + 1);
    if (end > 0) {
      out.push('values');
      let j = i + 1;
      while (tokens[j]!.text !== ')') j = emit(tokens, j, out, numbering);
      out.push(')', SQUASHED);
      return end;
    }
  }
  if (isConstantStart(tokens, i)) {
    // A lone constant keeps its casts (`$1::int`), as pg_stat_statements shows them.
    const end = constantEnd(tokens, i, false);
    if (end > i) {
      out.push(tokens[i]!.kind === 'param' ? numbering.param(tokens[i]!.text) : numbering.constant());
      return end;
    }
  }
  out.push(t.kind === 'word' ? word : t.text);
  return i + 1;
}

/** A constant or parameter starts at `i`: a literal, a parameter, or a minus sign before a number where an operand is expected. */
function isConstantStart(tokens: SqlToken[], i: number): boolean {
  const t = tokens[i]!;
  if (t.kind === 'string' || t.kind === 'number' || t.kind === 'param') return true;
  if ((t.text === '-' || t.text === '+') && tokens[i + 1]?.kind === 'number') {
    const prev = tokens[i - 1];
    return prev === undefined || (prev.kind === 'op' && prev.text !== ')' && prev.text !== ']') || (prev.kind === 'word' && KEYWORDS_BEFORE_OPERAND.has(prev.text.toLowerCase()));
  }
  return false;
}

const KEYWORDS_BEFORE_OPERAND = new Set(['select', 'where', 'and', 'or', 'not', 'when', 'then', 'else', 'limit', 'offset', 'by', 'between', 'in', 'values', 'set', 'return', 'returning', 'like', 'is', 'on', 'having']);

/** End of the constant at `i`: sign, literal or parameter, and with `casts` any `::type` after it; `i` when there is none. */
function constantEnd(tokens: SqlToken[], i: number, casts = true): number {
  let j = i;
  if (tokens[j]!.kind === 'op') j++;
  const t = tokens[j];
  if (t === undefined || (t.kind !== 'string' && t.kind !== 'number' && t.kind !== 'param')) return i;
  j++;
  while (casts && tokens[j]?.text === '::' && tokens[j + 1]?.kind === 'word') {
    j += 2;
    if (tokens[j]?.text === '(') {
      while (j < tokens.length && tokens[j]!.text !== ')') j++;
      j++;
    }
    while (tokens[j]?.text === '[' && tokens[j + 1]?.text === ']') j += 2;
  }
  return j;
}

/** Index of `close` when every element from `from` to it is a constant, or -1. */
function constantListEnd(tokens: SqlToken[], from: number, close: string): number {
  let j = from;
  for (;;) {
    if (!isConstantStart(tokens, j)) return -1;
    j = constantEnd(tokens, j);
    if (j === from) return -1;
    const t = tokens[j];
    if (t?.text === close) return j;
    if (t?.text !== ',') return -1;
    j++;
  }
}

function firstPlaceholder(tokens: SqlToken[], from: number, numbering: Numbering): string {
  const t = tokens[from]!.kind === 'op' ? tokens[from + 1]! : tokens[from]!;
  return t.kind === 'param' ? numbering.param(t.text) : numbering.constant();
}

/**
 * Where two or more `VALUES` rows of constants with the same arity end (index after the last
 * row), or -1: multi-row inserts of any row count then share one fingerprint.
 */
function repeatedRowsEnd(tokens: SqlToken[], from: number): number {
  let j = from;
  let rows = 0;
  let arity = -1;
  while (tokens[j]?.text === '(') {
    const close = constantListEnd(tokens, j + 1, ')');
    if (close < 0) return -1;
    let n = 1;
    for (let k = j + 1; k < close; k++) if (tokens[k]!.text === ',') n++;
    if (arity >= 0 && n !== arity) return -1;
    arity = n;
    rows++;
    j = close + 1;
    if (tokens[j]?.text !== ',' || tokens[j + 1]?.text !== '(') break;
    j++;
  }
  return rows >= 2 ? j : -1;
}

const NO_SPACE_BEFORE = new Set([',', ')', ']', '.', '::', ';']);
const NO_SPACE_AFTER = new Set(['(', '[', '.', '::']);

/** Words after which `(` keeps its space: `in (...)`, `values (...)`; after other names it is a call, `count(*)`. */
const SPACED_BEFORE_PAREN = new Set(['in', 'values', 'and', 'or', 'not', 'exists', 'as', 'on', 'using', 'from', 'join', 'select', 'where', 'by', 'when', 'then', 'else', 'over', 'into', 'table', 'returning', 'with', 'set', 'lateral', 'case', 'between', 'is', 'like', 'union', 'all', 'any', 'some', 'distinct', 'having', 'limit', 'offset', 'do']);

function join(parts: string[]): string {
  let text = '';
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    const prev = parts[k - 1];
    const call = p === '(' && prev !== undefined && /^[a-z_][a-z0-9_$]*$/.test(prev) && !SPACED_BEFORE_PAREN.has(prev);
    if (k > 0 && !call && !NO_SPACE_BEFORE.has(p) && !NO_SPACE_AFTER.has(prev!)) text += ' ';
    text += p;
  }
  return text;
}

function isReadOnly(tokens: SqlToken[]): boolean {
  const first = tokens[0];
  if (first?.kind !== 'word' || !READ_STARTS.has(first.text.toLowerCase())) return false;
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== 'word') continue;
    const w = t.text.toLowerCase();
    if (tokens[k - 1]?.text === '.' || tokens[k + 1]?.text === '.') continue; // a qualified name, not a keyword
    // SELECT ... FOR UPDATE / FOR NO KEY UPDATE only locks rows.
    if (w === 'update' && /^(for|key)$/i.test(tokens[k - 1]?.text ?? '')) continue;
    if (WRITE_WORDS.has(w)) return false;
  }
  return true;
}
