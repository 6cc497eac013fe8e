import type { ResponseInfo } from '../../http/types.js';
import type { CompiledRequest } from './request.js';
import type { ResponseView } from './ResponseView.js';
import type { VuState } from './vuState.js';

/** Called once per check with its result and its index in the request's `checks`; the engine feeds the `checks` rate and per-check counts. */
export type CheckListener = (name: string, passed: boolean, index: number) => void;

/** Called once per capture run on a response, with its index in the request's `captures` and whether it matched. */
export type CaptureListener = (index: number, matched: boolean) => void;

/**
 * Everything a request step does with its response, in order: store cookies, run captures into
 * the VU's variables, run checks, feed the step's custom metrics. Returns true when every check
 * passed (also when there are none). `view` is the VU's reusable `ResponseView`; `onCapture`
 * hears whether each capture matched (the engine counts captures that never do).
 *
 * @example
 * pool.request(buildRequest(step, vu), (err, res) => {
 *   if (res) processResponse(step, vu, view, res, elapsedMs, (name, ok) => checks.add(name, ok));
 * });
 */
export function processResponse(
  request: CompiledRequest,
  vu: VuState,
  view: ResponseView,
  response: ResponseInfo,
  durationMs: number,
  onCheck?: CheckListener,
  requestPath = '/',
  onCapture?: CaptureListener,
): boolean {
  if (vu.cookies) {
    const setCookie = setCookieOf(response);
    if (setCookie !== undefined) vu.cookies.setCookies(setCookie, { host: vu.origin.host, path: requestPath, secure: vu.origin.secure });
  }
  view.reset(response, durationMs);
  const captures = request.captures;
  for (let i = 0; i < captures.length; i++) {
    const matched = captures[i]!.apply(view, vu.vars);
    onCapture?.(i, matched);
  }
  let allPassed = true;
  const checks = request.checks;
  for (let i = 0; i < checks.length; i++) {
    const passed = checks[i]!.test(view, vu);
    if (!passed) allPassed = false;
    onCheck?.(checks[i]!.name, passed, i);
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
  const checks = request.checks;
  for (let i = 0; i < checks.length; i++) onCheck?.(checks[i]!.name, false, i);
  for (const { metric, value, tags } of request.record) {
    vu.record(metric, value === 'duration' ? durationMs : value === 'ok' ? false : value === 'failed' ? true : value === 'status' ? 0 : value, tags);
  }
}

/** The `Set-Cookie` values of `response`, read without parsing its whole head when the client allows. */
export function setCookieOf(response: ResponseInfo): string | string[] | undefined {
  return response.getHeader ? response.getHeader('set-cookie') : response.headers['set-cookie'];
}
