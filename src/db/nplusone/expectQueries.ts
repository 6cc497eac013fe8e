import { LoadlineError } from '../../core/errors/errors.js';
import { invalidInput } from '../../core/errors/errors.js';
import { checkKnownKeys, checkOptionalInteger } from '../../core/options.js';
import { activeScopes, QueryScope, type ScopedQuery } from './QueryScope.js';

/** Error code of an exceeded query budget. */
export const QUERY_BUDGET_CODE = 'LOADLINE_QUERY_BUDGET';

export interface ExpectQueriesOptions {
  /** Most statements `fn` may run, in all; default no limit. */
  max?: number;
  /** Fail when one statement runs `nPlusOneThreshold` times or more from one call stack; default false. */
  noNPlusOne?: boolean;
  /** Calls from one stack that make an N+1 here; default 2 (Prosopite's: a test's fixtures are small). */
  nPlusOneThreshold?: number;
}

/** One statement in a budget report: how often it ran and from which lines. */
export interface BudgetStatement {
  statement: string;
  calls: number;
  callSites: string[];
}

/** What `expectQueries` returns when the budget holds, and what its error carries when not. */
export interface QueryBudgetReport {
  /** Statements run by `fn` (every instrumented driver, every monitor). */
  total: number;
  statements: BudgetStatement[];
  /** Statements run from one call stack `nPlusOneThreshold` times or more. */
  nPlusOne: BudgetStatement[];
}

export class QueryBudgetError extends LoadlineError {
  readonly report: QueryBudgetReport;
  constructor(message: string, report: QueryBudgetReport) {
    super(QUERY_BUDGET_CODE, message);
    this.name = 'QueryBudgetError';
    this.report = report;
  }
}

export function isQueryBudgetError(value: unknown): value is QueryBudgetError {
  return value instanceof LoadlineError && value.code === QUERY_BUDGET_CODE;
}

/**
 * Runs `fn` and counts the statements every instrumented driver runs meanwhile, process-wide (a
 * test that calls a route over HTTP runs its queries in the server's request, outside the test's
 * async context). Throws a `QueryBudgetError` (code `LOADLINE_QUERY_BUDGET`) listing the
 * statements and their calling lines when there were more than `max`, or, with `noNPlusOne`, when
 * one statement ran from one call stack `nPlusOneThreshold` times or more. Run budgets one at a
 * time (node:test runs a file's tests one after another by default). Every call's stack is
 * captured while a budget is open.
 *
 * @example
 * await expectQueries(() => fetch(`${base}/api/topics/1/posts`), { max: 3, noNPlusOne: true });
 */
export async function expectQueries<T>(fn: () => T | Promise<T>, options: ExpectQueriesOptions = {}): Promise<QueryBudgetReport> {
  if (typeof fn !== 'function') throw invalidInput({ field: 'fn', value: fn, expected: 'a function' });
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, ['max', 'noNPlusOne', 'nPlusOneThreshold']);
  const max = checkOptionalInteger(options.max, 'max', { min: 0 });
  const threshold = checkOptionalInteger(options.nPlusOneThreshold, 'nPlusOneThreshold', { min: 2 }) ?? 2;
  if (options.noNPlusOne !== undefined && typeof options.noNPlusOne !== 'boolean') throw invalidInput({ field: 'noNPlusOne', value: options.noNPlusOne, expected: 'true or false' });
  const scope = new QueryScope();
  activeScopes.push(scope);
  try {
    await fn();
  } finally {
    activeScopes.splice(activeScopes.indexOf(scope), 1);
  }
  const report = budgetReport(scope.queries, threshold);
  const problems: string[] = [];
  if (max !== undefined && report.total > max) problems.push(`ran ${report.total} statements, more than the budget of ${max}`);
  if (options.noNPlusOne === true && report.nPlusOne.length > 0) problems.push(`ran ${report.nPlusOne.length} statement${report.nPlusOne.length > 1 ? 's' : ''} in a loop (N+1: ${threshold} or more calls from one call stack)`);
  if (problems.length > 0) {
    const lines = [`expectQueries: ${problems.join('; ')}:`];
    const listed = options.noNPlusOne === true && report.nPlusOne.length > 0 && (max === undefined || report.total <= max) ? report.nPlusOne : report.statements;
    for (const s of listed) lines.push(`  ${s.calls}x ${s.statement}`, ...s.callSites.map((site) => `      at ${site}`));
    throw new QueryBudgetError(lines.join('\n'), report);
  }
  return report;
}

function budgetReport(queries: ScopedQuery[], threshold: number): QueryBudgetReport {
  const byStatement = new Map<string, { statement: string; calls: number; sites: Map<string, number>; stacks: Map<string, { line: string; n: number }> }>();
  for (const q of queries) {
    const key = `${q.statement.driver}:${q.statement.id}`;
    let s = byStatement.get(key);
    if (s === undefined) byStatement.set(key, (s = { statement: q.statement.text, calls: 0, sites: new Map(), stacks: new Map() }));
    s.calls++;
    const line = q.site?.line ?? '(no user frame)';
    s.sites.set(line, (s.sites.get(line) ?? 0) + 1);
    const stackKey = q.site?.key ?? line;
    const stack = s.stacks.get(stackKey) ?? { line, n: 0 };
    stack.n++;
    s.stacks.set(stackKey, stack);
  }
  const statements: BudgetStatement[] = [];
  const nPlusOne: BudgetStatement[] = [];
  for (const s of byStatement.values()) {
    statements.push({ statement: s.statement, calls: s.calls, callSites: [...s.sites].map(([line, n]) => (n > 1 ? `${line} (${n}x)` : line)) });
    const loops = [...s.stacks.values()].filter((st) => st.n >= threshold);
    if (loops.length > 0) nPlusOne.push({ statement: s.statement, calls: loops.reduce((n, l) => n + l.n, 0), callSites: loops.map((l) => `${l.line} (${l.n}x)`) });
  }
  statements.sort((a, b) => b.calls - a.calls);
  return { total: queries.length, statements, nPlusOne };
}
