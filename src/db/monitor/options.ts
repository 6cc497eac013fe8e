import { systemClock, type Clock } from '../../core/clock.js';
import { invalidInput } from '../../core/errors/errors.js';
import { checkInteger, checkKnownKeys, checkNumber, checkOneOf } from '../../core/options.js';

/** Automatic plan inspection of slow statements, off the request path. */
export interface AutoExplainOptions {
  /** A statement is explained at most once per this interval; default 600000 ms (10 minutes). */
  intervalMs?: number;
  /** Create the HypoPG extension when it is available but not created, to verify index hints; default false. */
  createHypopg?: boolean;
}

export interface QueryMonitorOptions {
  /** Statements at or above this duration enter the slow log; default 100 ms (seed 000's threshold). */
  slowMs?: number;
  /** Slow statements kept, newest first (a ring); default 100. */
  slowLogSize?: number;
  /** Distinct fingerprints kept before new ones share the `__overflow__` statement; default 500. */
  maxStatements?: number;
  /** Statement texts remembered, so a text seen again is not normalized again; default 5000. */
  maxTexts?: number;
  /** Distinct routes kept before new ones fold into `__overflow__`; default 200. */
  maxRoutes?: number;
  /** Routes kept per statement before others fold into `__overflow__`; default 50. */
  maxRoutesPerStatement?: number;
  /** Route-statement pairs kept in all, each with its own latency histogram, before a statement's new routes fold into its `__overflow__` route; default 500. */
  maxRouteStatements?: number;
  /** Statements that get their own `statement` label in metrics (the first seen); later ones share `__overflow__`; default 100. */
  maxStatementLabels?: number;
  /** Calls of one statement from one call stack within one request that make an N+1; default 5. */
  nPlusOneThreshold?: number;
  /** N+1 patterns kept (route, statement, line); default 200. */
  maxNPlusOneFindings?: number;
  /** The N+1 log line is written at most once per route and statement per this interval; default 60000 ms. */
  nPlusOneLogIntervalMs?: number;
  /** Where N+1 lines are logged; default `console.warn`; `false` logs nothing (the findings are still kept). */
  log?: ((line: string) => void) | false;
  /** Keep bound parameter values in the slow log; default false: only their count is kept. */
  captureParams?: boolean;
  /** `auto` (default): calling lines of first calls, repeats within a request and slow statements; `always`: every call (costs ~3 µs a query). */
  callSites?: 'auto' | 'always';
  /** Explain slow read statements automatically (`true` for the defaults); default false. */
  autoExplain?: boolean | AutoExplainOptions;
  /** Time source for timestamps and intervals; default the system clock. */
  clock?: Clock;
}

export interface ResolvedQueryMonitorOptions {
  slowMs: number;
  slowLogSize: number;
  maxStatements: number;
  maxTexts: number;
  maxRoutes: number;
  maxRoutesPerStatement: number;
  maxRouteStatements: number;
  maxStatementLabels: number;
  nPlusOneThreshold: number;
  maxNPlusOneFindings: number;
  nPlusOneLogIntervalMs: number;
  log: ((line: string) => void) | undefined;
  captureParams: boolean;
  callSites: 'auto' | 'always';
  autoExplain: Required<AutoExplainOptions> | undefined;
  clock: Clock;
}

const KNOWN: ReadonlyArray<keyof QueryMonitorOptions> = [
  'slowMs', 'slowLogSize', 'maxStatements', 'maxTexts', 'maxRoutes', 'maxRoutesPerStatement', 'maxRouteStatements', 'maxStatementLabels',
  'nPlusOneThreshold', 'maxNPlusOneFindings', 'nPlusOneLogIntervalMs', 'log', 'captureParams', 'callSites', 'autoExplain', 'clock',
];

function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalidInput({ field, value, expected: 'true or false' });
  return value;
}

export function resolveQueryMonitorOptions(options: QueryMonitorOptions = {}): ResolvedQueryMonitorOptions {
  if (typeof options !== 'object' || options === null) throw invalidInput({ field: 'options', value: options, expected: 'an options object' });
  checkKnownKeys(options, KNOWN);
  const int = (key: keyof QueryMonitorOptions, fallback: number, min: number) => (options[key] === undefined ? fallback : checkInteger(options[key], key, { min }));
  let log: ((line: string) => void) | undefined = (line) => console.warn(line);
  if (options.log === false) log = undefined;
  else if (options.log !== undefined) {
    if (typeof options.log !== 'function') throw invalidInput({ field: 'log', value: options.log, expected: 'a function or false' });
    log = options.log;
  }
  let autoExplain: Required<AutoExplainOptions> | undefined;
  const ae = options.autoExplain;
  if (ae === true || (typeof ae === 'object' && ae !== null)) {
    const o = ae === true ? {} : ae;
    checkKnownKeys(o, ['intervalMs', 'createHypopg'], 'autoExplain.');
    autoExplain = {
      intervalMs: o.intervalMs === undefined ? 600_000 : checkNumber(o.intervalMs, 'autoExplain.intervalMs', { min: 0 }),
      createHypopg: o.createHypopg === undefined ? false : checkBoolean(o.createHypopg, 'autoExplain.createHypopg'),
    };
  } else if (ae !== undefined && ae !== false) throw invalidInput({ field: 'autoExplain', value: ae, expected: 'true, false or an options object' });
  const clock = options.clock ?? systemClock;
  if (typeof clock !== 'object' || typeof clock.now !== 'function' || typeof clock.wallNow !== 'function') throw invalidInput({ field: 'clock', value: clock, expected: 'a Clock (now, wallNow, setTimeout, clearTimeout)' });
  return {
    slowMs: options.slowMs === undefined ? 100 : checkNumber(options.slowMs, 'slowMs', { min: 0 }),
    slowLogSize: int('slowLogSize', 100, 0),
    maxStatements: int('maxStatements', 500, 1),
    maxTexts: int('maxTexts', 5000, 1),
    maxRoutes: int('maxRoutes', 200, 1),
    maxRoutesPerStatement: int('maxRoutesPerStatement', 50, 1),
    maxRouteStatements: int('maxRouteStatements', 500, 0),
    maxStatementLabels: int('maxStatementLabels', 100, 0),
    nPlusOneThreshold: int('nPlusOneThreshold', 5, 2),
    maxNPlusOneFindings: int('maxNPlusOneFindings', 200, 1),
    nPlusOneLogIntervalMs: options.nPlusOneLogIntervalMs === undefined ? 60_000 : checkNumber(options.nPlusOneLogIntervalMs, 'nPlusOneLogIntervalMs', { min: 0 }),
    log,
    captureParams: options.captureParams === undefined ? false : checkBoolean(options.captureParams, 'captureParams'),
    callSites: options.callSites === undefined ? 'auto' : checkOneOf(options.callSites, 'callSites', ['auto', 'always']),
    autoExplain,
    clock,
  };
}
