import type { ResponseInfo } from '../http/types.js';
import type { CompiledRequest } from './request.js';
import type { ResponseView } from './response-view.js';
import type { VuState } from './vu-state.js';

/** Called once per check with its result; the engine feeds the `checks` rate and per-check counts. */
export type CheckListener = (name: string, passed: boolean) => void;

/**
 * Everything a request step does with its response, in order: store cookies, run captures into
 * the VU's variables, run checks, feed the step's custom metrics. Returns true when every check
 * passed (also when there are none). `view` is the VU's reusable `ResponseView`.
 *
 * @example
 * pool.request(buildRequest(step, vu), (err, res) => {
 *   if (res) processResponse(step, vu, view, res, elapsedMs, (name, ok) => checks.add(name, ok));
 * });
 */
export function processResponse(request: CompiledRequest, vu: VuState, view: ResponseView, response: ResponseInfo, durationMs: number, onCheck?: CheckListener, requestPath = '/'): boolean {
  if (vu.cookies) {
    const setCookie = setCookieOf(response);
    if (setCookie !== undefined) vu.cookies.setCookies(setCookie, { host: vu.origin.host, path: requestPath, secure: vu.origin.secure });
  }
  view.reset(response, durationMs);
  const captures = request.captures;
  for (let i = 0; i < captures.length; i++) captures[i]!.apply(view, vu.vars);
  let allPassed = true;
  const checks = request.checks;
  for (let i = 0; i < checks.length; i++) {
    const passed = checks[i]!.test(view, vu);
    if (!passed) allPassed = false;
    onCheck?.(checks[i]!.name, passed);
  }
  const record = request.record;
  if (record.length > 0) {
    const ok = allPassed && response.status < 400;
    for (let i = 0; i < record.length; i++) {
      const { metric, value, tags } = record[i]!;
      vu.record(metric, value === 'duration' ? durationMs : value === 'ok' ? ok : value === 'failed' ? !ok : value === 'status' ? response.status : value, tags);
    }
  }
  return allPassed;
}

/** Records a request that got no response: every check fails, `ok` is false. */
export function processFailure(request: CompiledRequest, vu: VuState, durationMs: number, onCheck?: CheckListener): void {
  for (const c of request.checks) onCheck?.(c.name, false);
  for (const { metric, value, tags } of request.record) {
    vu.record(metric, value === 'duration' ? durationMs : value === 'ok' ? false : value === 'failed' ? true : value === 'status' ? 0 : value, tags);
  }
}

/** The `Set-Cookie` values of `response`, read without parsing its whole head when the client allows. */
export function setCookieOf(response: ResponseInfo): string | string[] | undefined {
  return response.getHeader ? response.getHeader('set-cookie') : response.headers['set-cookie'];
}
