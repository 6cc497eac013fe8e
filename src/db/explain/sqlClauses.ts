import { tokenize, type SqlDialect, type SqlToken } from '../fingerprint/SqlLexer.js';

/** A table named in FROM or JOIN. */
export interface TableRef {
  /** As written, unquoted, lower-case; `schema.table` when qualified. */
  name: string;
  alias?: string;
}

/** A column the statement filters, joins or orders on. */
export interface ColumnRef {
  /** Table name or alias before the dot, when qualified. */
  qualifier?: string;
  column: string;
  /** `eq`: compared for equality (`=`, `IN`, `IS`); `range`: `<`, `>`, `BETWEEN`; `join`: equated to another table's column; `order`: ORDER BY. */
  role: 'eq' | 'range' | 'join' | 'order';
  desc?: boolean;
}

export interface StatementClauses {
  tables: TableRef[];
  columns: ColumnRef[];
  /** Whether the statement has a WHERE clause (it may filter on expressions no column reference shows). */
  filters: boolean;
}

const CLAUSE_END = new Set(['where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'on', 'using', 'group', 'order', 'limit', 'offset', 'having', 'union', 'except', 'intersect', 'window', 'natural', 'for', 'returning', 'set', 'values', 'lateral']);
const EQ_OPS = new Set(['=', '==', 'in', 'is']);
const RANGE_OPS = new Set(['<', '>', '<=', '>=', 'between']);

const unquote = (t: SqlToken) => (t.kind === 'ident' ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase());
const isName = (t: SqlToken | undefined) => t !== undefined && (t.kind === 'ident' || (t.kind === 'word' && !CLAUSE_END.has(t.text.toLowerCase())));
const word = (t: SqlToken | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : '');

/**
 * The tables and the filtered, joined and ordered columns of a statement, read from its tokens:
 * enough to build index candidates, which the planner then verifies. Not a parser: columns
 * inside expressions (`lower(email) = ?`) are not reported, so no index is proposed for them.
 */
export function statementClauses(sql: string, dialect: SqlDialect): StatementClauses {
  const tokens = tokenize(sql, dialect);
  const tables: TableRef[] = [];
  const columns: ColumnRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const w = word(tokens[i]);
    if (w === 'from' || w === 'join' || w === 'update' || (w === 'into' && word(tokens[i - 1]) !== 'insert')) i = readTables(tokens, i + 1, tables, w === 'from');
    else if (w === 'order' && word(tokens[i + 1]) === 'by') i = readOrder(tokens, i + 2, columns);
    else if (tokens[i]!.kind === 'op' || EQ_OPS.has(w) || RANGE_OPS.has(w)) readPredicate(tokens, i, columns);
  }
  return { tables, columns: dedupe(columns), filters: tokens.some((t) => word(t) === 'where') };
}

/** Reads `name [AS] alias` (a list after FROM); returns the index of the last token read. */
function readTables(tokens: SqlToken[], from: number, out: TableRef[], list: boolean): number {
  let i = from;
  for (;;) {
    if (!isName(tokens[i])) return i - 1;
    let name = unquote(tokens[i]!);
    while (tokens[i + 1]?.text === '.' && isName(tokens[i + 2])) {
      name += `.${unquote(tokens[i + 2]!)}`;
      i += 2;
    }
    i++;
    if (word(tokens[i]) === 'as') i++;
    const ref: TableRef = { name };
    if (isName(tokens[i]) && tokens[i + 1]?.text !== '(') ref.alias = unquote(tokens[i++]!);
    out.push(ref);
    if (!list || tokens[i]?.text !== ',') return i - 1;
    i++;
  }
}

/** A column reference ending at `end` (inclusive), or undefined: `col`, `t.col`, `s.t.col`. */
function refEndingAt(tokens: SqlToken[], end: number): { qualifier?: string; column: string } | undefined {
  const t = tokens[end];
  if (!isName(t) || tokens[end + 1]?.text === '(' || tokens[end - 1]?.text === '::') return undefined;
  if (tokens[end - 1]?.text === '.' && isName(tokens[end - 2])) return { qualifier: unquote(tokens[end - 2]!), column: unquote(t!) };
  return { column: unquote(t!) };
}

function refStartingAt(tokens: SqlToken[], start: number): { qualifier?: string; column: string } | undefined {
  const t = tokens[start];
  if (!isName(t)) return undefined;
  if (tokens[start + 1]?.text === '.' && isName(tokens[start + 2])) {
    if (tokens[start + 3]?.text === '(') return undefined;
    return { qualifier: unquote(t!), column: unquote(tokens[start + 2]!) };
  }
  if (tokens[start + 1]?.text === '(') return undefined;
  return { column: unquote(t!) };
}

const isValue = (t: SqlToken | undefined) => t !== undefined && (t.kind === 'string' || t.kind === 'number' || t.kind === 'param' || /^(true|false|null|not|current_date|current_timestamp|now)$/i.test(t.text) || t.text === '(' || t.text === '-');

/** `ref op value`, `value op ref` or `ref = ref` around the operator at `i`. */
function readPredicate(tokens: SqlToken[], i: number, out: ColumnRef[]): void {
  const op = tokens[i]!.kind === 'op' ? tokens[i]!.text : word(tokens[i]);
  const eq = EQ_OPS.has(op);
  if (!eq && !RANGE_OPS.has(op)) return;
  let left = refEndingAt(tokens, i - 1);
  if (left === undefined && word(tokens[i - 1]) === 'not' && op === 'in') left = refEndingAt(tokens, i - 2);
  const right = refStartingAt(tokens, i + 1);
  const rightIsRef = right !== undefined && !isValue(tokens[i + 1]) && (tokens[i + 2]?.text === '.' || !/^(select|any|all|array)$/i.test(tokens[i + 1]!.text));
  if (left !== undefined && rightIsRef && op === '=') {
    out.push({ ...left, role: 'join' }, { ...right!, role: 'join' });
  } else if (left !== undefined && (isValue(tokens[i + 1]) || !rightIsRef)) {
    out.push({ ...left, role: eq ? 'eq' : 'range' });
  } else if (rightIsRef && isValue(tokens[i - 1])) {
    out.push({ ...right!, role: eq ? 'eq' : 'range' });
  }
}

function readOrder(tokens: SqlToken[], from: number, out: ColumnRef[]): number {
  let i = from;
  for (;;) {
    const ref = refStartingAt(tokens, i);
    if (ref === undefined) return i - 1;
    i += ref.qualifier === undefined ? 1 : 3;
    const dir = word(tokens[i]);
    const desc = dir === 'desc';
    if (dir === 'asc' || dir === 'desc') i++;
    if (word(tokens[i]) === 'nulls') i += 2;
    out.push({ ...ref, role: 'order', ...(desc ? { desc } : {}) });
    if (tokens[i]?.text !== ',') return i - 1;
    i++;
  }
}

function dedupe(columns: ColumnRef[]): ColumnRef[] {
  const seen = new Set<string>();
  return columns.filter((c) => {
    const key = `${c.qualifier ?? ''}.${c.column}.${c.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Index candidates for one table, best first: equality and join columns, then either the first
 * range column or the ORDER BY columns (an index serves one range or one order after its
 * equality prefix). `names` are the table's name and aliases; `known` its real columns (an
 * unqualified column counts for every table that has it: the planner sorts out the rest).
 */
export function indexCandidates(clauses: StatementClauses, names: ReadonlySet<string>, known: ReadonlySet<string>): Array<Array<{ column: string; desc?: boolean }>> {
  const mine = clauses.columns.filter((c) => known.has(c.column) && (c.qualifier === undefined || names.has(c.qualifier)));
  const eq = unique(mine.filter((c) => c.role === 'eq' || c.role === 'join').map((c) => c.column));
  const range = unique(mine.filter((c) => c.role === 'range').map((c) => c.column)).filter((c) => !eq.includes(c));
  const order = mine.filter((c) => c.role === 'order' && !eq.includes(c.column));
  const mixed = order.some((c) => c.desc) && order.some((c) => !c.desc);
  const orderCols = order.map((c) => (mixed && c.desc ? { column: c.column, desc: true } : { column: c.column }));
  const out: Array<Array<{ column: string; desc?: boolean }>> = [];
  const add = (cols: Array<{ column: string; desc?: boolean }>) => {
    if (cols.length === 0) return;
    const key = cols.map((c) => `${c.column}${c.desc ? ' desc' : ''}`).join(',');
    if (!out.some((o) => o.map((c) => `${c.column}${c.desc ? ' desc' : ''}`).join(',') === key)) out.push(cols);
  };
  const eqCols = eq.map((column) => ({ column }));
  if (orderCols.length > 0) add([...eqCols, ...orderCols]);
  if (range.length > 0) add([...eqCols, { column: range[0]! }]);
  add(eqCols);
  if (orderCols.length > 0) add(orderCols);
  return out;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** `idx_posts_topic_id_created_at`, cut to PostgreSQL's 63 bytes. */
export function indexName(table: string, columns: ReadonlyArray<{ column: string }>): string {
  const base = `idx_${table.split('.').pop()}_${columns.map((c) => c.column).join('_')}`.replace(/[^A-Za-z0-9_]/g, '_');
  return base.slice(0, 63);
}

/** Quotes an identifier when it is not a plain lower-case name. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
