import { relative } from 'node:path';
import type { Diagnosis } from './diagnosis.js';

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
const count = (v: number) => Math.round(v).toLocaleString('en-US');

/** A statement short enough for one terminal line. */
export function shortSql(sql: string, max = 100): string {
  return sql.length <= max ? sql : `${sql.slice(0, max - 3)}...`;
}

/** A calling line relative to the working directory, as a user would open it. */
export function shortCallSite(site: string | undefined): string {
  if (site === undefined) return 'a calling line not captured';
  const rel = relative(process.cwd(), site);
  return rel.startsWith('..') ? site : rel;
}

/**
 * The diagnosis as numbered lines for the terminal: N+1 statements with route and calling line,
 * full scans with their index hint, event-loop delay during logins, where the time goes. A
 * finding absent from the instruments is said to be absent, not left out.
 */
export function formatDiagnosis(d: Diagnosis, indent = '  '): string {
  const lines: string[] = [];
  const at = (text: string) => lines.push(`${indent}${text}`);
  const more = (text: string) => lines.push(`${indent}     ${text}`);
  if (d.nPlusOne.length === 0) at('N+1     none found by the query monitor');
  for (const n of d.nPlusOne.slice(0, 3)) {
    at(`N+1     ${n.route} runs "${shortSql(n.statement)}" up to ${count(n.perRequest)} times a request`);
    more(`at ${shortCallSite(n.callSite)} (seen in ${count(n.requests)} requests)`);
  }
  if (d.scans.length === 0) at('scan    no full table scan in the explained statements');
  for (const s of d.scans.slice(0, 3)) {
    at(`scan    "${shortSql(s.statement)}"${s.route ? ` in ${s.route}` : ''}`);
    more(`${s.detail}: ${ms(s.meanMs)} ms a call over ${count(s.calls)} calls, at ${shortCallSite(s.callSite)}`);
    more(s.hint ? `index hint (checked with the planner): ${s.hint}` : 'no index hint passed verification');
  }
  if (d.logins) {
    const l = d.logins;
    at(`logins  event-loop delay p99 ${ms(l.eventLoopP99Ms)} ms (max ${ms(l.eventLoopMaxMs)} ms, loop ${pct(l.eventLoopUtilization)} busy) while ${count(l.logins)} logins ran one at a time, ${ms(l.loginMeanMs)} ms each`);
  }
  const top = d.routes[0];
  if (top) {
    at(`time    ${top.route} spends ${pct(top.share)} of the request time (${count(top.requests)} requests, mean ${ms(top.meanMs)} ms)`);
    // The heaviest statement is named only when queries are a real part of the route's time (a login's is scrypt, not its one SELECT).
    if (top.topStatement && (top.queryShare ?? 0) >= 0.2) more(`its statements take ${pct(Math.min(1, top.queryShare!))} of its time, ${pct(top.topStatement.share)} of that in "${shortSql(top.topStatement.statement)}"`);
    else if (top.queryShare !== undefined) more(`its statements take ${pct(top.queryShare)} of its time: the rest is the route's own code`);
  }
  return lines.join('\n');
}
