import { checkString, invalidInput, parseDuration, parseExpression, satisfies, systemClock, type Clock, type Expression } from '../core/index.js';

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
  /** Least time between two firing notifications of this rule (`10m`); default 5 m. */
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
  /** Firing notices held back by throttling. */
  suppressed: number;
}

/**
 * Alert rules on monitor metrics with warning and critical levels, a `for` duration,
 * de-duplication (one notice per state change), throttling (at most one firing notice per rule
 * per `throttle`) and resolved events. Evaluated once per monitor interval.
 *
 * @example
 * const rules = new AlertRules([{ name: 'slow', warning: 'http_req_duration:p(95)>127', critical: 'http_req_duration:p(95)>500', for: '5m' }]);
 * rules.evaluate((e) => query.value(e), (event) => console.log(event));
 */
export class AlertRules {
  readonly #rules: RuleState[] = [];
  readonly #clock: Clock;

  constructor(rules: readonly AlertRuleOptions[] = [], clock: Clock = systemClock) {
    if (!Array.isArray(rules)) throw invalidInput({ field: 'alerts', value: rules, expected: 'an array of alert rules' });
    this.#clock = clock;
    for (const r of rules) this.add(r);
  }

  add(rule: AlertRuleOptions): void {
    if (typeof rule !== 'object' || rule === null) throw invalidInput({ field: 'alerts[]', value: rule, expected: 'an object with name and warning or critical' });
    const name = checkString(rule.name, 'alerts[].name');
    if (this.#rules.some((r) => r.name === name)) throw invalidInput({ field: 'alerts[].name', value: name, expected: 'a unique rule name' });
    if (rule.warning === undefined && rule.critical === undefined) throw invalidInput({ field: `alerts.${name}`, value: rule, expected: 'a warning or critical expression' });
    const parse = (text: string | undefined, level: string) => (text === undefined ? undefined : parseExpression(checkString(text, `alerts.${name}.${level}`), { field: `alerts.${name}.${level}` }));
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

  /** Every expression of every rule (the monitor checks their metric names exist). */
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
      if (level !== r.notified) {
        const at = new Date(wall).toISOString();
        if (level === undefined) {
          const prev = r.notified!;
          r.notified = undefined;
          notify({ name: r.name, state: 'resolved', level: prev, expression: (prev === 'critical' ? r.critical : r.warning)!.source, observed, at, ...(r.description ? { description: r.description } : {}) });
        } else if (r.lastFiringNotice !== undefined && now - r.lastFiringNotice < r.throttleMs && r.notified === undefined) {
          r.suppressed++;
        } else {
          const previousLevel = r.notified;
          r.notified = level;
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
