import { checkString, invalidInput, parseDuration, parseExpression, satisfies, systemClock, type Clock, type Expression } from '../../core/index.js';

export type AlertLevel = 'warning' | 'critical';

export interface AlertRuleOptions {
  /** Unique name, used for de-duplication and in notifications. */
  name: string;
  /** Condition for the warning level in the threshold grammar, e.g. `http_req_duration:p(95)>127`. */
  warning?: string;
  /** Condition for the critical level, e.g. `http_req_duration:p(95)>500`. */
  critical?: string;
  /** How long a condition must hold before the alert fires (`5m`); default 0 (first interval). */
  for?: string | number;
  /**
   * Least time between a firing notice and a lower-level one (`10m`): a drop from critical to
   * warning inside it is held back until it ends (so a rule flapping between levels pages once per
   * window); a higher level and a firing after a resolve are always sent at once; default 5 m.
   */
  throttle?: string | number;
  /** Free text carried in every notification. */
  description?: string;
}

export interface AlertState {
  name: string;
  level: AlertLevel;
  /** The expression that holds. */
  expression: string;
  /** The value it was judged on. */
  observed: number;
  /** Wall-clock ms since the epoch when the condition started to hold. */
  since: number;
  description?: string;
}

/** What hooks and webhooks receive: a rule started firing, changed level, or resolved. */
export interface AlertEvent {
  name: string;
  state: 'firing' | 'resolved';
  /** Level now (`firing`) or the level that resolved (`resolved`). */
  level: AlertLevel;
  previousLevel?: AlertLevel;
  expression: string;
  observed: number | null;
  /** ISO time of the event. */
  at: string;
  description?: string;
}

interface RuleState {
  name: string;
  warning?: Expression;
  critical?: Expression;
  forMs: number;
  throttleMs: number;
  description?: string;
  warnSince?: number;
  critSince?: number;
  /** The level receivers were last told about; undefined = resolved or never fired. */
  notified?: AlertLevel;
  lastFiringNotice?: number;
  /** The lower level being held back by throttling, if any. */
  held?: AlertLevel;
  /** Firing notices held back by throttling. */
  suppressed: number;
}

/** Which metrics rules may use (the monitor's: its built-in names and registered metrics). */
export interface KnownMetrics {
  has(name: string): boolean;
  names(): string[];
  /** A better name for a known mistake (a Prometheus name read through a built-in one). */
  suggest?(name: string): string | undefined;
}

const RANK: Record<AlertLevel, number> = { warning: 1, critical: 2 };

/** Edit distance, for "did you mean": small names, so the plain two-row table. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}

function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const n of names) {
    const d = distance(name, n);
    if (d < bestDistance) [best, bestDistance] = [n, d];
  }
  return best;
}

/**
 * Alert rules on monitor metrics with warning and critical levels, a `for` duration,
 * de-duplication (one notice per state change), throttling (a drop to a lower level waits out
 * `throttle`; a higher level and a firing after a resolve never wait) and resolved events, so
 * receivers always see each firing followed by its resolve. Evaluated once per monitor interval.
 *
 * @example
 * const rules = new AlertRules([{ name: 'slow', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration:p(95)>500', for: '5m' }]);
 * rules.evaluate((e) => query.value(e), (event) => console.log(event));
 */
export class AlertRules {
  readonly #rules: RuleState[] = [];
  readonly #clock: Clock;
  readonly #known: KnownMetrics | undefined;

  /** With `known`, a rule on any other metric is rejected when added (it would never fire). */
  constructor(rules: readonly AlertRuleOptions[] = [], clock: Clock = systemClock, known?: KnownMetrics) {
    if (!Array.isArray(rules)) throw invalidInput({ field: 'alerts', value: rules, expected: 'an array of alert rules' });
    this.#clock = clock;
    this.#known = known;
    for (const r of rules) this.add(r);
  }

  add(rule: AlertRuleOptions): void {
    if (typeof rule !== 'object' || rule === null) throw invalidInput({ field: 'alerts[]', value: rule, expected: 'an object with name and warning or critical' });
    const name = checkString(rule.name, 'alerts[].name');
    if (this.#rules.some((r) => r.name === name)) throw invalidInput({ field: 'alerts[].name', value: name, expected: 'a unique rule name' });
    if (rule.warning === undefined && rule.critical === undefined) throw invalidInput({ field: `alerts.${name}`, value: rule, expected: 'a warning or critical expression' });
    const parse = (text: string | undefined, level: string) => {
      if (text === undefined) return undefined;
      const field = `alerts.${name}.${level}`;
      const e = parseExpression(checkString(text, field), { field });
      this.#checkKnown(e.metric, field);
      return e;
    };
    const state: RuleState = {
      name,
      forMs: parseDuration(rule.for ?? 0, `alerts.${name}.for`),
      throttleMs: parseDuration(rule.throttle ?? '5m', `alerts.${name}.throttle`),
      suppressed: 0,
    };
    const warning = parse(rule.warning, 'warning');
    const critical = parse(rule.critical, 'critical');
    if (warning) state.warning = warning;
    if (critical) state.critical = critical;
    if (rule.description !== undefined) state.description = rule.description;
    this.#rules.push(state);
  }

  #checkKnown(metric: string, field: string): void {
    const known = this.#known;
    if (known === undefined || known.has(metric)) return;
    const names = known.names();
    const guess = known.suggest?.(metric) ?? closest(metric, names);
    throw invalidInput({
      field,
      value: metric,
      expected: `a metric the monitor knows${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}: ${names.join(', ')}; a rule on a metric registered later is added with alerts.add() once it is registered`,
    });
  }

  /** Every expression of every rule. */
  expressions(): Expression[] {
    return this.#rules.flatMap((r) => [r.warning, r.critical].filter((e): e is Expression => e !== undefined));
  }

  /**
   * Judges every rule on the interval just closed. `read` returns the metric's value, or
   * undefined when it has no data (a rule without data neither fires nor resolves).
   */
  evaluate(read: (e: Expression) => number | undefined, notify: (event: AlertEvent) => void): AlertState[] {
    const now = this.#clock.now();
    const wall = this.#clock.wallNow();
    const active: AlertState[] = [];
    for (const r of this.#rules) {
      const w = r.warning ? read(r.warning) : undefined;
      const c = r.critical ? read(r.critical) : undefined;
      if (w === undefined && c === undefined) {
        if (r.notified) active.push(this.#state(r, r.notified, wall, now));
        continue;
      }
      const warnHolds = r.warning !== undefined && w !== undefined && satisfies(r.warning, w);
      const critHolds = r.critical !== undefined && c !== undefined && satisfies(r.critical, c);
      r.warnSince = warnHolds ? (r.warnSince ?? now) : undefined;
      r.critSince = critHolds ? (r.critSince ?? now) : undefined;
      const level: AlertLevel | undefined =
        r.critSince !== undefined && now - r.critSince >= r.forMs ? 'critical' : r.warnSince !== undefined && now - r.warnSince >= r.forMs ? 'warning' : undefined;
      const expr = level === 'critical' ? r.critical! : r.warning ?? r.critical!;
      const observed = (level === 'critical' ? c : w ?? c) ?? null;
      if (level === r.notified) r.held = undefined;
      else {
        const at = new Date(wall).toISOString();
        if (level === undefined) {
          const prev = r.notified!;
          r.notified = r.held = undefined;
          notify({ name: r.name, state: 'resolved', level: prev, expression: (prev === 'critical' ? r.critical : r.warning)!.source, observed, at, ...(r.description ? { description: r.description } : {}) });
        } else if (r.notified !== undefined && RANK[level] < RANK[r.notified] && now - r.lastFiringNotice! < r.throttleMs) {
          // A lower level inside the window: receivers keep the higher one until the window ends.
          if (r.held !== level) r.suppressed++;
          r.held = level;
        } else {
          const previousLevel = r.notified;
          r.notified = level;
          r.held = undefined;
          r.lastFiringNotice = now;
          notify({ name: r.name, state: 'firing', level, ...(previousLevel ? { previousLevel } : {}), expression: expr.source, observed, at, ...(r.description ? { description: r.description } : {}) });
        }
      }
      if (level !== undefined) active.push(this.#state(r, level, wall, now, observed ?? Number.NaN));
    }
    return active;
  }

  /** Firing notices held back by throttling, per rule. */
  suppressed(): Record<string, number> {
    return Object.fromEntries(this.#rules.map((r) => [r.name, r.suppressed]));
  }

  #state(r: RuleState, level: AlertLevel, wall: number, now: number, observed = Number.NaN): AlertState {
    const since = level === 'critical' ? r.critSince : r.warnSince;
    return {
      name: r.name,
      level,
      expression: (level === 'critical' ? r.critical : r.warning ?? r.critical)!.source,
      observed,
      since: wall - (since === undefined ? 0 : now - since),
      ...(r.description ? { description: r.description } : {}),
    };
  }
}
