/** Artillery's test script as loadline runs it, after `-e NAME` and `--overrides` were applied and every field was checked. */
export interface ArtilleryScript {
  /** Absolute path of the YAML (or JSON) file. */
  file: string;
  /** `config.target`: the origin relative `url`s are joined to. */
  target: string;
  phases: ArtilleryPhase[];
  payloads: ArtilleryPayload[];
  /** `config.variables`: each VU takes one value of each list (at random), or the value itself. */
  variables: Record<string, unknown[]>;
  /** `config.defaults.headers` and `config.http.defaults.headers`. */
  defaultHeaders: Record<string, unknown>;
  /** `config.http.timeout` (Artillery: seconds; default 10 s), ms. */
  timeoutMs: number;
  /** `config.http.pool`: connections per origin, when set. */
  connections?: number;
  /** `config.tls.rejectUnauthorized: false`. */
  insecure: boolean;
  /** `config.processor`, resolved against the script's folder. */
  processor?: string;
  /** `config.plugins.ensure` (or the legacy `config.ensure`). */
  ensure?: EnsureSpec;
  /** `config.plugins.expect` is set: as in Artillery, a failed expectation then fails the run. */
  expectPlugin: boolean;
  /** The name of the environment `-e NAME` chose. */
  environment?: string;
  scenarios: ArtilleryScenario[];
}

export interface ArtilleryPhase {
  name?: string;
  durationMs: number;
  /** Arrivals per second at the start of the phase (0 for a pause). */
  rate: number;
  /** Arrivals per second at its end (`rampTo`); default `rate`. */
  rampTo: number;
  /** `maxVusers`, when set. */
  maxVusers?: number;
}

export interface ArtilleryPayload {
  /** Rows as objects keyed by `fields` (or the header row). */
  rows: Array<Record<string, unknown>>;
  /** `random` (Artillery's default) or `sequence`. */
  order: 'random' | 'sequence';
  /** `loadAll` with `name`: every row under this variable instead of one row per VU. */
  loadAllAs?: string;
}

export interface EnsureSpec {
  /** `thresholds: [{ 'http.response_time.p99': 100 }]`: metric below the value. */
  thresholds: Array<{ metric: string; max: number; line?: number }>;
  /** `conditions: [{ expression, strict }]`. */
  conditions: Array<{ expression: string; strict: boolean; line?: number }>;
  /** Legacy `p95: 200`, `p99: ...`, `min`, `max`, `median` keys on http.response_time. */
  legacy: Array<{ aggregation: string; max: number; line?: number }>;
  /** `maxErrorRate`: percent of VUs that failed. */
  maxErrorRate?: number;
}

export interface ArtilleryScenario {
  name: string;
  weight: number;
  flow: FlowStep[];
  beforeRequest: string[];
  afterResponse: string[];
  /** Where it is in the file, for messages. */
  path: Array<string | number>;
}

/** One step of a flow, checked: exactly one action key. */
export type FlowStep =
  | { kind: 'request'; method: string; spec: RequestStepSpec; path: Array<string | number> }
  | { kind: 'think'; seconds: number | string; jitter?: number | string; path: Array<string | number> }
  | { kind: 'log'; text: string; path: Array<string | number> }
  | { kind: 'function'; name: string; path: Array<string | number> }
  | { kind: 'loop'; steps: FlowStep[]; count?: number | string; over?: unknown[] | string; whileTrue?: string; loopValue: string; loopElement: string; path: Array<string | number> };

export interface RequestStepSpec {
  url: string;
  name?: string;
  headers?: Record<string, unknown>;
  qs?: Record<string, unknown>;
  json?: unknown;
  body?: string;
  form?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
  auth?: { user: string; pass: string };
  capture: CaptureSpec[];
  expect: ExpectSpec[];
  beforeRequest: string[];
  afterResponse: string[];
  ifTrue?: string;
  followRedirect: boolean;
  /** Per-request timeout (seconds, as Artillery). */
  timeout?: number;
}

export interface CaptureSpec {
  as: string;
  json?: string;
  regexp?: string;
  header?: string;
  group?: number | string;
  flags?: string;
  /** `strict: false`: a miss leaves the variable and the VU goes on; default true: the VU fails. */
  strict: boolean;
}

/** One expectation of the expect plugin: its type (`statusCode`, `hasProperty`, ...) and value. */
export interface ExpectSpec {
  type: string;
  value: unknown;
}
