import { parseDuration } from '../../core/index.js';
import type { ScenarioContext, MetricTags, ScenarioHttp, ScenarioResponse } from '../../load/index.js';
import { executionModule } from '../k6/api/execution.js';
import { httpModule } from '../k6/api/http.js';
import { k6Module } from '../k6/api/k6.js';
import type { K6Context, VuState } from '../k6/K6Context.js';

type Fn = (...args: unknown[]) => unknown;

/**
 * The context a scenario set's function receives for one VU: k6's `http`, `check`, `sleep`,
 * `group` and `exec.test.abort()` of that VU (the same code a k6 script runs on), with URLs that
 * start with `/` resolved against the set's `target`, `sleep` taking a duration too, and `record`
 * feeding the set's declared metrics tagged with the scenario.
 */
export function iterationContext(ctx: K6Context, vu: VuState, target: string | undefined, declared: ReadonlySet<string>): ScenarioContext {
  const http = httpModule(ctx, vu) as Record<string, Fn>;
  const k6 = k6Module(ctx, vu) as Record<string, Fn>;
  const exec = executionModule(ctx, vu, () => 0) as { test: { abort: (reason?: unknown) => never } };
  // A path is sent to the target and, untagged, names its endpoint as written (`/products`, not the full URL).
  const at = (url: unknown, params: unknown): [unknown, unknown] => {
    if (typeof url !== 'string' || !url.startsWith('/')) return [url, params];
    if (target === undefined) throw new Error(`request to ${JSON.stringify(url)}: a path needs the module's \`target\` (export const target = 'http://127.0.0.1:3000') or --target`);
    const p = (params ?? {}) as { tags?: Record<string, unknown> };
    return [target + url, p.tags?.name !== undefined ? params : { ...p, tags: { ...p.tags, name: url } }];
  };
  const send = (method: string, url: unknown, body: unknown, params: unknown) => {
    const [full, withName] = at(url, params);
    // A boundary: k6's http module is the untyped object k6 scripts call; its request() resolves
    // to a K6Response, which is a ScenarioResponse (compat/k6/api/response.ts).
    return http.request!(method, full, body, withName) as Promise<ScenarioResponse>;
  };
  const client: ScenarioHttp = {
    get: (url, params) => send('GET', url, null, params),
    head: (url, params) => send('HEAD', url, null, params),
    post: (url, body, params) => send('POST', url, body, params),
    put: (url, body, params) => send('PUT', url, body, params),
    patch: (url, body, params) => send('PATCH', url, body, params),
    del: (url, body, params) => send('DELETE', url, body, params),
    options: (url, body, params) => send('OPTIONS', url, body, params),
    request: (method, url, body, params) => send(method, url, body, params),
    batch: (requests) =>
      http.batch!(
        requests.map((r) => {
          const [method, url, body, params] = typeof r === 'string' ? ['GET', r, null, undefined] : r;
          const [full, withName] = at(url, params);
          return [method, full, body, withName];
        }),
      ) as Promise<ScenarioResponse[]>,
  };
  const scenario = vu.scenario?.name ?? '';
  // One frozen tag object per VU: untagged records reuse their series without building a key.
  const own: MetricTags = Object.freeze({ scenario });
  return {
    http: client,
    check: k6.check as ScenarioContext['check'],
    sleep: (time) => (k6.sleep as (s: number) => Promise<void>)(typeof time === 'number' ? time : parseDuration(time, 'sleep') / 1000),
    group: k6.group as ScenarioContext['group'],
    record: (metric, value, tags) => {
      if (!declared.has(metric)) throw new Error(`record(${JSON.stringify(metric)}): expected a metric declared in the module's \`metrics\` (${[...declared].join(', ') || 'none declared'})`);
      ctx.addMetric(metric, value, tags === undefined ? (scenario ? own : undefined) : scenario ? { scenario, ...tags } : tags);
    },
    abort: (reason) => exec.test.abort(reason),
    get vu() {
      return vu.id;
    },
    get iter() {
      return vu.iteration;
    },
    scenario,
    env: vu.env,
    get data() {
      return vu.data;
    },
  };
}
