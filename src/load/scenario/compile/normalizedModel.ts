import type { MetricType, Threshold } from '../../stats/thresholds.js';
import type { DataRows } from './dataSource.js';
import type { BodyCheck, BodyPredicate, CheckFunction, HeaderCheck, JsonValue, RecordSpec, Scenario } from '../model.js';

/**
 * A scenario after loading: defaults filled, durations in milliseconds, thresholds parsed, data
 * files read, everything validated. `.ts` and `.yaml` files with the same content give deep-equal
 * normalized scenarios. Templates are still text here; `compileScenario` parses them.
 */
export interface NormalizedCapture {
  as: string;
  source: 'json' | 'header' | 'regex';
  /** The JSON path, header name (lower case) or regex source. */
  expression: string;
  /** Regex capture group; 0 for json/header. */
  group: number;
  default: string | undefined;
}

export interface NormalizedCheck {
  name: string;
  status: number[] | undefined;
  header: HeaderCheck | undefined;
  body: BodyCheck | BodyPredicate | undefined;
  maxDurationMs: number | undefined;
  fn: CheckFunction | undefined;
}

export type NormalizedBody =
  | { kind: 'json'; value: JsonValue }
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'raw'; text: string };

export interface NormalizedRequest {
  /** Endpoint name in stats: the step's `name`, else `METHOD path`. */
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: NormalizedBody | undefined;
  timeoutMs: number | undefined;
  /** Redirects to follow; 0 for none. */
  redirects: number;
  captures: NormalizedCapture[];
  checks: NormalizedCheck[];
  record: RecordSpec[];
}

export type NormalizedStep =
  | { kind: 'request'; request: NormalizedRequest }
  | { kind: 'batch'; requests: NormalizedRequest[] }
  | { kind: 'think'; minMs: number; maxMs: number };

export interface NormalizedFlow {
  name: string;
  weight: number;
  steps: NormalizedStep[];
}

/** One threshold, parsed: the engine's `Threshold` plus where it came from and its abort delay. */
export interface ThresholdRule extends Threshold {
  /** The metric key as written, with its tag filter: `http_req_duration{name:login}`. */
  key: string;
  /** With `abortOnFail`: test time before a failure may abort the run, ms. */
  delayAbortEvalMs: number;
}

export interface NormalizedScenario {
  name: string;
  /** Absolute path of the scenario file. */
  file: string;
  /** Target origin template, when the scenario names one. */
  target: string | undefined;
  headers: Record<string, string>;
  cookies: boolean;
  data: DataRows[];
  metrics: Record<string, MetricType>;
  thresholds: ThresholdRule[];
  flows: NormalizedFlow[];
  hooks: Pick<Scenario, 'setup' | 'before' | 'teardown'>;
}
