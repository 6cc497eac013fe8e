import type { RedisSamplePoint } from '../../core/result/resultServer.js';
import { counterGrowth, hitRatio, secondsBetween } from './counterRates.js';

/** One Redis sample, rates over the interval since the previous one: a point of the result file's `datastores.redis`. */
export type RedisPoint = RedisSamplePoint;

/** The counters of one INFO reply that points are computed from. */
export interface RedisCounters {
  atMs: number;
  commands: number;
  hits: number;
  misses: number;
  evicted: number;
  usedMemory: number;
  clients: number;
}

/** Fields of an INFO reply (`key:value` lines; sections and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf(':');
    if (at > 0) out.set(line.slice(0, at), line.slice(at + 1));
  }
  return out;
}

export function redisCounters(info: Map<string, string>, atMs: number): RedisCounters {
  const n = (key: string) => Number(info.get(key) ?? 0) || 0;
  return { atMs, commands: n('total_commands_processed'), hits: n('keyspace_hits'), misses: n('keyspace_misses'), evicted: n('evicted_keys'), usedMemory: n('used_memory'), clients: n('connected_clients') };
}

/** A point from two consecutive readings (counters reset by a restart count from zero). */
export function redisPoint(prev: RedisCounters, now: RedisCounters, t: number): RedisPoint {
  return {
    t,
    opsPerSec: counterGrowth(prev.commands, now.commands) / secondsBetween(prev.atMs, now.atMs),
    hitRate: hitRatio(counterGrowth(prev.hits, now.hits), counterGrowth(prev.misses, now.misses)),
    usedMemoryBytes: now.usedMemory,
    connectedClients: now.clients,
    evictions: counterGrowth(prev.evicted, now.evicted),
  };
}
