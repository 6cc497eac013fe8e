import type { CheckSpec } from '../model.js';

/**
 * The readable name of a check the scenario did not name: what it tests, in words, so the summary
 * says which condition failed (`status is 200`, `body contains "email"`, `json $.token exists`).
 * Several conditions are joined with `and`.
 *
 * @example
 * checkName({ status: 200, maxDuration: '1s' }); // 'status is 200 and duration < 1s'
 */
export function checkName(c: CheckSpec): string {
  const parts: string[] = [];
  if (c.status !== undefined) parts.push(`status is ${(Array.isArray(c.status) ? c.status : [c.status]).join(' or ')}`);
  if (c.header) {
    const h = c.header;
    const name = `header ${h.name.toLowerCase()}`;
    if (h.equals !== undefined) parts.push(`${name} is ${JSON.stringify(h.equals)}`);
    if (h.matches !== undefined) parts.push(`${name} matches /${h.matches}/`);
    if (h.equals === undefined && h.matches === undefined) parts.push(`${name} ${h.present === false ? 'absent' : 'present'}`);
  }
  const body = c.body;
  if (typeof body === 'function') parts.push('body predicate');
  else if (body) {
    if (body.contains !== undefined) parts.push(`body contains ${JSON.stringify(body.contains)}`);
    if (body.matches !== undefined) parts.push(`body matches /${body.matches}/`);
    if (body.json !== undefined) parts.push(body.equals === undefined ? `json ${body.json} exists` : `json ${body.json} is ${JSON.stringify(body.equals)}`);
  }
  if (c.maxDuration !== undefined) parts.push(`duration < ${c.maxDuration}`);
  if (c.fn) parts.push(c.fn.name || 'fn');
  return parts.join(' and ');
}
