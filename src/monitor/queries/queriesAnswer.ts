import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { json } from '../serve/monitorResponses.js';
import type { QueryStatsSource } from './QueryStatsSource.js';

/** Statements listed by `/api/performance/queries` unless `?top=` asks otherwise. */
export const DEFAULT_TOP_STATEMENTS = 50;

type Json = Record<string, unknown>;

/**
 * Literal values in a plan's own words (`Filter: (email = 'a@b.c'::text)`, `(topic_id = 5)`):
 * PostgreSQL prints the bound values into its plan.
 */
function withoutLiterals(text: string): string {
  return text.replace(/'(?:[^']|'')*'/g, "'?'").replace(/(?<![\w$.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])/gi, '?');
}

function redactExplain(explain: Json): Json {
  const { plan: _plan, ...rest } = explain;
  const findings = Array.isArray(rest.findings) ? rest.findings.map((f: Json) => (typeof f.detail === 'string' ? { ...f, detail: withoutLiterals(f.detail) } : f)) : rest.findings;
  return { ...rest, findings };
}

/**
 * The query monitor's snapshot as the monitor serves it over HTTP (the JSON endpoint, the
 * dashboard's Queries panel, `loadline run --monitor`'s result): parameter values are never
 * served, even when the query monitor keeps them (`captureParams`), and plans, which PostgreSQL
 * prints with the bound values in their filters, are left out (their findings stay, literals
 * replaced by `?`). Statement texts are already normalized (constants as placeholders).
 */
export function queriesAnswer(source: QueryStatsSource, top = DEFAULT_TOP_STATEMENTS): Json {
  const snapshot = source.snapshot({ top }) as Json;
  const slow = Array.isArray(snapshot.slow) ? snapshot.slow.map(({ params: _params, ...entry }: Json) => entry) : snapshot.slow;
  const explains = Array.isArray(snapshot.explains) ? snapshot.explains.map(redactExplain) : snapshot.explains;
  return { ...snapshot, slow, explains };
}

/** The `top` of a request's query string: an integer from 1 to 500, else the default. */
export function topOf(query: URLSearchParams): number {
  const n = Number(query.get('top'));
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : DEFAULT_TOP_STATEMENTS;
}

/**
 * `/api/performance/queries` and the dashboard's `/loadline/queries`: the answer. Without a query
 * monitor the API answers 404, the dashboard's path `{ attached: false }` (a browser logs every
 * 404 as a console error, and the page polls whether or not one is attached).
 */
export function answerQueries(source: QueryStatsSource | undefined, res: ServerResponse, query: URLSearchParams, forDashboard: boolean, headers?: OutgoingHttpHeaders): void {
  if (source !== undefined) json(res, 200, queriesAnswer(source, topOf(query)), headers);
  else if (forDashboard) json(res, 200, { attached: false }, headers);
  else json(res, 404, { error: 'no query monitor is attached: createMonitor({ queries: createQueryMonitor() }) (loadline/db)' }, headers);
}
