import type { MetricType } from '../stats/thresholds.js';

/**
 * The scenario model as a user writes it, in a TypeScript/JavaScript module
 * (`export default defineScenario({...})`) or in YAML. Durations are strings with a unit
 * (`500ms`, `2s`, `1m`); everything a YAML file can say, a TS file says the same way, and TS files
 * may also give functions (hooks, check functions, body predicates).
 */

/** A duration with a unit, as `parseDuration` reads it: `500ms`, `2s`, `1m30s`. */
export type DurationText = string;

/** The response as checks and TS check functions see it. */
export interface CheckResponse {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | string[]>>;
  /** Body decoded as UTF-8 ('' when none was kept). */
  readonly body: string;
  /** The body parsed as JSON, parsed once on first call; `undefined` when it is not JSON. */
  json(): unknown;
  /** Request latency in milliseconds. */
  durationMs: number;
}

/** Per-VU state visible to hooks and check functions. */
export interface VuContext {
  /** 1-based VU number, unique within the test (across workers). */
  id: number;
  /** Variables of this VU: captures, the current data row, values set by `before`. */
  vars: Record<string, unknown>;
  /** What `setup` returned, the same for every VU. */
  data: unknown;
  /** `process.env` of the process that runs the VU. */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Records a value into a custom metric declared under `metrics`, as k6's `trend.add(value, tags)`:
   * with `tags` (`{ endpoint: 'login' }`) it also lands in that tag set's series, which thresholds
   * filter on (`api_response_time{endpoint:login}`). Tag values are strings, numbers or booleans
   * without `,`, `{`, `}`; at most 1000 distinct tag sets per metric are kept.
   */
  record(metric: string, value: number | boolean, tags?: Readonly<Record<string, string | number | boolean>>): void;
}

export type CheckFunction = (response: CheckResponse, vu: VuContext) => boolean;
export type BodyPredicate = (body: string, response: CheckResponse) => boolean;

/** Where a capture reads its value from: exactly one of `json`, `header`, `regex`. */
export interface CaptureSpec {
  /** Variable the value is stored in, per VU (`token` -> `{{ token }}`). Required. */
  as: string;
  /** JSON path into the response body, `$.token`, `$.items[0].id`. */
  json?: string;
  /** Response header name (case-insensitive). */
  header?: string;
  /** Regular expression applied to the body; the value is capture group `group`. */
  regex?: string;
  /** Regex capture group to take; default 1 when the regex has a group, else 0 (the match). */
  group?: number;
  /** Value stored when nothing matched; default: the variable is left unchanged. */
  default?: string;
}

/** One header condition: present, equal to, or matching. */
export interface HeaderCheck {
  /** Header name, case-insensitive. Required. */
  name: string;
  /** The header value equals this text. */
  equals?: string;
  /** The header value matches this regular expression. */
  matches?: string;
  /** The header is present (`true`, default when no other condition) or absent (`false`). */
  present?: boolean;
}

/** A body condition; in TS also a function `(body, response) => boolean`. */
export interface BodyCheck {
  /** The body contains this text. */
  contains?: string;
  /** The body matches this regular expression. */
  matches?: string;
  /** JSON path that must exist in the body (and equal `equals` when given). */
  json?: string;
  /** Value the JSON path must hold (deep equality). */
  equals?: unknown;
}

/** One named check; it passes when every condition it holds passes. Results feed `checks`. */
export interface CheckSpec {
  /** Check name in reports; default derived from the conditions (`status is 200`). */
  name?: string;
  /** Expected status, or any of several. */
  status?: number | number[];
  /** A condition on one response header. */
  header?: HeaderCheck;
  /** A condition on the body; TS may give a predicate. */
  body?: BodyCheck | BodyPredicate;
  /** Latency must stay under this duration (`500ms`). */
  maxDuration?: DurationText;
  /** TS only: a predicate on the response. */
  fn?: CheckFunction;
}

/** What a `record` entry feeds into a custom metric. */
export type RecordedValue = 'duration' | 'ok' | 'failed' | 'status' | number;

/** Feeds a custom metric from a response: `{ metric: 'api_response_time', value: 'duration' }`. */
export interface RecordSpec {
  /** A metric declared under `metrics`. Required. */
  metric: string;
  /**
   * `duration` (ms), `ok` (1 when the status is below 400 and every check passed, else 0),
   * `failed` (the opposite), `status`, or a number. Counters add it, rates count it as true when
   * not 0, trends record it, gauges take it.
   */
  value: RecordedValue;
  /**
   * Constant tags of the sample (`{ endpoint: login }`): it also lands in that tag set's series,
   * which thresholds filter on (`api_response_time{endpoint:login}`); default none.
   */
  tags?: Record<string, string | number | boolean>;
}

/** A JSON value (a request body). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface RequestModel {
  /** Endpoint name in stats and thresholds (`{name:login}`); default `METHOD path`. */
  name?: string;
  /** HTTP method; default `GET`. */
  method?: string;
  /** Path (and query) starting with `/`, with `{{ var }}` templates. Required. */
  path: string;
  /** Extra headers, values templated; merged over the scenario's `headers`. */
  headers?: Record<string, string>;
  /** Query parameters appended to the path, values templated. */
  query?: Record<string, string | number | boolean>;
  /** JSON body, every string templated; sets `content-type: application/json`. */
  json?: JsonValue;
  /** Form body, values templated; sets `content-type: application/x-www-form-urlencoded`. */
  form?: Record<string, string | number | boolean>;
  /** Raw body text, templated. */
  body?: string;
  /** Request timeout; default the engine's. */
  timeout?: DurationText;
  /** Redirects to follow: a count, `false` (none, same as 0) or `true` (10); default 10. */
  redirects?: number | boolean;
  /** Values to keep from the response into VU variables. */
  capture?: CaptureSpec[];
  /** Checks on the response. */
  check?: CheckSpec[];
  /** Custom metrics fed from this response. */
  record?: RecordSpec[];
}

/** Pause: a fixed duration, or uniformly random between `min` and `max` (seed 000: 0.5-3 s). */
export type ThinkSpec = DurationText | { min: DurationText; max: DurationText };

/** One step of a flow: a request, several requests in parallel (k6 `http.batch`), or a pause. */
export type Step = { request: RequestModel } | { batch: RequestModel[] } | { think: ThinkSpec };

export interface FlowModel {
  /** Flow name in reports. Required. */
  name: string;
  /** Relative weight when picking a flow per iteration; default 1. */
  weight?: number;
  /** Steps run in order, one iteration per pass. Required, at least one. */
  steps: Step[];
}

/** A CSV or JSON data file whose rows become VU variables, as Artillery's payload. */
export interface DataSpec {
  /** File path, relative to the scenario file. Required. */
  path: string;
  /** Column names for a CSV without a header row; default: the first row is the header. */
  fields?: string[];
  /** `sequential` (rows in turn, wrapping) or `random`; default `sequential`. */
  order?: 'sequential' | 'random';
}

/** A k6 threshold in its object form. */
export interface ThresholdObject {
  /** `p(95)<127`, `rate<0.01`. Required. */
  threshold: string;
  /** Stop the test when it fails; default false. */
  abortOnFail?: boolean;
  /** With `abortOnFail`: do not judge before this much test time has passed (`10s`); default 0. */
  delayAbortEval?: DurationText;
  /** `error` fails the run; `warn` only reports; default `error`. */
  level?: 'error' | 'warn';
}

export type ThresholdSpec = string | ThresholdObject;

export interface Scenario {
  /** Scenario name in reports; default the file name. */
  name?: string;
  /** Origin to load, `http://127.0.0.1:3000`; templated (`{{ $env.TARGET }}`); may be given on the command line instead. */
  target?: string;
  /** Headers sent with every request, values templated. */
  headers?: Record<string, string>;
  /** Keep cookies per VU (Set-Cookie is stored and sent back); default true. */
  cookies?: boolean;
  /** Data files whose rows feed VU variables, one row per iteration. */
  data?: DataSpec[];
  /** Custom metrics by name: `{ api_errors: 'counter', api_response_time: 'trend' }`. */
  metrics?: Record<string, MetricType>;
  /** k6 thresholds: `{ http_req_duration: ['p(95)<127'], 'http_req_duration{name:login}': [...] }`. */
  thresholds?: Record<string, ThresholdSpec[]>;
  /** One or more flows; each iteration runs one, picked by weight. Required. */
  flows: FlowModel[];
  /** TS only: runs once before the test; its return value reaches every VU as `vu.data`. */
  setup?: (context: { env: Readonly<Record<string, string | undefined>> }) => unknown;
  /** TS only: runs once per VU before its first iteration (log in, set `vu.vars`). */
  before?: (vu: VuContext) => void | Promise<void>;
  /** TS only: runs once at the end with what `setup` returned. */
  teardown?: (data: unknown) => void | Promise<void>;
}

/*
 * A scenario set: several scenarios in one run, each with its own executor and schedule (k6's
 * `scenarios`), each iteration an async function written with `await` (branching on a response,
 * loops, computed bodies). A module exports `scenarios` and the functions they name; `loadline run`
 * runs it on the compatibility layer's executors and k6-form runner (docs/scenarios.md).
 */

/** The executors a scenario of a set runs on, k6's six. */
export type ScenarioExecutor = 'constant-vus' | 'ramping-vus' | 'constant-arrival-rate' | 'ramping-arrival-rate' | 'per-vu-iterations' | 'shared-iterations';

/** One stage of a ramping executor: reach `target` (VUs, or arrivals per `timeUnit`) over `duration`. */
export interface ExecutorStage {
  /** How long the ramp lasts (`30s`). Required. */
  duration: DurationText;
  /** VUs (ramping-vus) or arrivals per `timeUnit` (ramping-arrival-rate) at the stage's end. Required. */
  target: number;
}

/** What every scenario of a set takes beside its executor's fields. */
export interface ScheduleCommon {
  /** Name of the exported async function each iteration runs; default the scenario's own name. */
  exec?: string;
  /** When it starts after the run's start (`10s`); default `0s`. */
  startTime?: DurationText;
  /** Time running iterations get after the schedule ends before they are interrupted; default `30s`. */
  gracefulStop?: DurationText;
  /** Values over `t.env` for this scenario's VUs; default none. */
  env?: Record<string, string>;
  /** Tags on every HTTP sample of this scenario, beside `scenario`; default none. */
  tags?: Record<string, string>;
}

/** One scenario of a set: an executor with its fields (as k6's), and the function it runs. */
export type ScenarioSchedule = ScheduleCommon &
  (
    | { executor: 'constant-vus'; /** VUs; default 1. */ vus?: number; /** Required. */ duration: DurationText }
    | { executor: 'ramping-vus'; /** VUs at the start; default 1. */ startVUs?: number; /** Required. */ stages: ExecutorStage[]; /** Accepted for k6 parity; loadline ramps down at once. */ gracefulRampDown?: DurationText }
    | { executor: 'constant-arrival-rate'; /** Arrivals per `timeUnit`. Required. */ rate: number; /** Default `1s`. */ timeUnit?: DurationText; /** Required. */ duration: DurationText; /** VUs ready at the start; default `maxVUs`, else 100 or 10 s of the rate, whichever is more. */ preAllocatedVUs?: number; /** Most iterations in flight (later arrivals are dropped and counted); default `preAllocatedVUs`. */ maxVUs?: number }
    | { executor: 'ramping-arrival-rate'; /** Arrivals per `timeUnit` at the start; default 0. */ startRate?: number; /** Default `1s`. */ timeUnit?: DurationText; /** Required. */ stages: ExecutorStage[]; /** As constant-arrival-rate's, from the peak stage. */ preAllocatedVUs?: number; /** Default `preAllocatedVUs`. */ maxVUs?: number }
    | { executor: 'per-vu-iterations' | 'shared-iterations'; /** VUs; default 1. */ vus?: number; /** Iterations per VU (per-vu) or in total (shared); default 1. */ iterations?: number; /** Time bound; default `10m`. */ maxDuration?: DurationText }
  );

/** Per-request options of `t.http`, as k6's params. */
export interface RequestParams {
  /** Headers of this request; default none (plus `User-Agent`). */
  headers?: Record<string, string>;
  /** Tags of its samples; `name` names the endpoint in stats and thresholds (default: the URL as written). */
  tags?: Record<string, string>;
  /** Request timeout (`5s`, or ms); default 60 s. */
  timeout?: DurationText | number;
  /** Redirects to follow; default 10. */
  redirects?: number;
  /** `text` (default), `binary` (an ArrayBuffer) or `none` (the body is not kept). */
  responseType?: 'text' | 'binary' | 'none';
  /** Cookies sent with this request only, by name; default none (the VU's jar is sent anyway). */
  cookies?: Record<string, string>;
}

/** A request body: text, bytes, or an object sent form-encoded (as k6; send JSON with `JSON.stringify`). */
export type RequestBody = string | ArrayBuffer | Uint8Array | Record<string, string | number | boolean> | null | undefined;

/** The response `t.http` resolves to: k6's Response (a failed request has status 0 and `error`; it never throws). */
export interface ScenarioResponse {
  /** Status code; 0 when no response came (`error` says why). */
  readonly status: number;
  /** The body as text (`null` with `responseType: 'none'` or no response; an ArrayBuffer with `binary`). */
  readonly body: string | ArrayBuffer | null;
  /** Headers with canonical names (`Content-Type`), several values joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON (throws when it is not); with a path, the value there (`items.0.id`, `items.#`). */
  json(path?: string): unknown;
  /** Phases in ms: `duration` (waiting + receiving), `blocked`, `connecting`, `tls_handshaking`, `sending`, `waiting` (TTFB), `receiving`. */
  readonly timings: Readonly<Record<'duration' | 'blocked' | 'connecting' | 'tls_handshaking' | 'sending' | 'waiting' | 'receiving', number>>;
  /** The URL answered (after redirects). */
  readonly url: string;
  /** '' on success; the transport error or `HTTP <status>` from 400 up. */
  readonly error: string;
  /** k6's error code: 0 on success, 1000 + status from 400, 1050 timeout, 1212 refused, ... */
  readonly error_code: number;
}

/** `t.http`: requests that resolve to a response (await them). A URL starting with `/` is relative to `target`. */
export interface ScenarioHttp {
  get(url: string, params?: RequestParams): Promise<ScenarioResponse>;
  head(url: string, params?: RequestParams): Promise<ScenarioResponse>;
  post(url: string, body?: RequestBody, params?: RequestParams): Promise<ScenarioResponse>;
  put(url: string, body?: RequestBody, params?: RequestParams): Promise<ScenarioResponse>;
  patch(url: string, body?: RequestBody, params?: RequestParams): Promise<ScenarioResponse>;
  del(url: string, body?: RequestBody, params?: RequestParams): Promise<ScenarioResponse>;
  options(url: string, body?: RequestBody, params?: RequestParams): Promise<ScenarioResponse>;
  request(method: string, url: string, body?: RequestBody, params?: RequestParams): Promise<ScenarioResponse>;
  /** Several requests in parallel: URLs (GET) or `[method, url, body?, params?]`. */
  batch(requests: Array<string | [string, string, RequestBody?, RequestParams?]>): Promise<ScenarioResponse[]>;
}

/** What each iteration function of a set receives: one per VU, its numbers read live. */
export interface ScenarioContext {
  http: ScenarioHttp;
  /** Runs each named test on `value`, counts it under its name in `checks` (inside a group: `::group::name`); true when all pass. Tests must be synchronous. */
  check<T>(value: T, tests: Record<string, (value: T) => boolean>): boolean;
  /** Pauses: seconds as k6's `sleep(1.5)`, or a duration (`'500ms'`); cut short when the scenario's grace ends. */
  sleep(time: number | DurationText): Promise<void>;
  /** Runs `fn` inside a named group (checks and `group_duration` are per group). */
  group<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
  /** Feeds a custom metric declared under the module's `metrics`; the sample is tagged with `scenario` and `tags`. */
  record(metric: string, value: number | boolean, tags?: Readonly<Record<string, string | number | boolean>>): void;
  /** Stops the whole run now (exit 108, as k6's `exec.test.abort()`). */
  abort(reason?: string): never;
  /** This VU's number: 1-based, unique in the run. */
  readonly vu: number;
  /** This VU's iterations in its scenario so far: 0-based. */
  readonly iter: number;
  /** The scenario this VU runs. */
  readonly scenario: string;
  /** The environment (`process.env`, `-e KEY=VALUE`, the scenario's `env`). */
  readonly env: Readonly<Record<string, string>>;
  /** What the module's `setup` returned (a JSON copy per VU); undefined without one. */
  readonly data: unknown;
}

/** An iteration function of a set: `export async function buy(t: ScenarioContext) { ... }`. */
export type ScenarioFunction = (t: ScenarioContext) => unknown;
