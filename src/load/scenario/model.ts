import type { MetricType } from '../thresholds.js';

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
