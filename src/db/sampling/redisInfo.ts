import type { RedisSamplePoint } from '../../core/resultServer.js';

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
  const d = (a: number, b: number) => (b >= a ? b - a : b);
  const seconds = Math.max(1e-3, (now.atMs - prev.atMs) / 1000);
  const hits = d(prev.hits, now.hits);
  const lookups = hits + d(prev.misses, now.misses);
  return {
    t,
    opsPerSec: d(prev.commands, now.commands) / seconds,
    hitRate: lookups > 0 ? hits / lookups : null,
    usedMemoryBytes: now.usedMemory,
    connectedClients: now.clients,
    evictions: d(prev.evicted, now.evicted),
  };
}
