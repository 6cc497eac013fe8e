import type { DeadlineEntry } from '../../../core/index.js';
import type { RateDecision } from '../RateDecision.js';
import type { RateRule } from '../RateRule.js';
import { SLIDING_WINDOW_SCRIPT, TOKEN_BUCKET_SCRIPT, type LuaScript } from './rateScripts.js';

/** One decision waiting for Redis. */
export class PendingDecision implements DeadlineEntry {
  deadline = 0;
  /** Set by the deadline queue (expired) or by settling it there. */
  done = false;
  /** Resolved: by Redis's reply, or (after its deadline, or on an error) without Redis. */
  settled = false;
  resolve!: (d: RateDecision | Promise<RateDecision>) => void;
  constructor(
    readonly store: { expired(p: PendingDecision): void },
    readonly namespace: string,
    readonly key: string,
    readonly rule: RateRule,
    readonly cost: number,
    /** The store's reply count when this decision started: if it has not moved at the deadline, Redis answered nothing meanwhile. */
    readonly repliesAtStart: number,
  ) {}

  expire(): void {
    this.store.expired(this);
  }
}

/** Decisions for one key and rule, of one cost each, decided by one script call in arrival order. */
export class DecisionBatch {
  decisions: PendingDecision[];
  constructor(readonly redisKey: string, readonly rule: RateRule, readonly cost: number, first: PendingDecision) {
    this.decisions = [first];
  }
}

export function scriptOf(rule: RateRule): LuaScript {
  return rule.algorithm === 'token-bucket' ? TOKEN_BUCKET_SCRIPT : SLIDING_WINDOW_SCRIPT;
}

const RULE_ARGS = new WeakMap<RateRule, [string, string, string]>();

/** The script arguments a rule implies, stringified once per rule. */
export function ruleArgs(rule: RateRule): [string, string, string] {
  let args = RULE_ARGS.get(rule);
  if (args === undefined) {
    args = rule.algorithm === 'token-bucket'
      ? [String(rule.burst), String(rule.limit / rule.windowMs), String(rule.blockMs)]
      : [String(rule.limit), String(rule.windowMs), String(rule.blockMs)];
    RULE_ARGS.set(rule, args);
  }
  return args;
}

/** One decision per request of the batch, from the script's reply (see rateScripts.ts for its layout). */
export function decodeReply(batch: DecisionBatch, reply: unknown): RateDecision[] {
  const r = reply as [number | string, number, number | string, number, number?, number?];
  const { rule, cost } = batch;
  const count = batch.decisions.length;
  const out: RateDecision[] = new Array(count);
  if (rule.algorithm === 'token-bucket') {
    const perMs = rule.limit / rule.windowMs;
    const before = Number(r[0]);
    const granted = r[1];
    const after = Number(r[2]);
    const retry = (r[3] as number) < 0 ? Infinity : (r[3] as number);
    for (let i = 0; i < granted; i++) {
      const tokens = before - (i + 1) * cost;
      out[i] = { allowed: true, limit: rule.burst, remaining: Math.floor(tokens), resetMs: Math.ceil((rule.burst - tokens) / perMs), retryAfterMs: 0, source: 'store', grantedAt: 0 };
    }
    if (granted < count) {
      const reset = Math.ceil((rule.burst - after) / perMs);
      const denied: RateDecision = { allowed: false, limit: rule.burst, remaining: Math.floor(after), resetMs: retry !== Infinity && retry > reset ? retry : reset, retryAfterMs: retry, source: 'store', grantedAt: 0 };
      for (let i = granted; i < count; i++) out[i] = i === granted ? denied : { ...denied };
    }
    return out;
  }
  const limit = rule.limit;
  const grantedAt = (r[0] as number) / 1000;
  const granted = r[1];
  const before = (r[2] as number) - granted * cost;
  const resetMs = Math.ceil(rule.windowMs);
  for (let i = 0; i < granted; i++) {
    out[i] = { allowed: true, limit, remaining: limit - (before + (i + 1) * cost), resetMs, retryAfterMs: 0, source: 'store', grantedAt };
  }
  if (granted < count) {
    const denied: RateDecision = { allowed: false, limit, remaining: Math.max(0, r[5]!), resetMs: r[3] as number, retryAfterMs: (r[4] as number) < 0 ? Infinity : (r[4] as number), source: 'store', grantedAt: 0 };
    for (let i = granted; i < count; i++) out[i] = i === granted ? denied : { ...denied };
  }
  return out;
}
