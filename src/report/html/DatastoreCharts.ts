import type { DatastoreGap, RunResult } from '../../core/index.js';
import { PALETTE, type ChartSpec } from './ChartSpec.js';
import { escapeHtml, htmlTable } from './HtmlEscape.js';
import { formatMs } from './ReportTables.js';

function chart(id: string, title: string, yLabel: string, x: number[], series: ChartSpec['series'], rightLabel?: string): ChartSpec {
  return { id, title, xLabel: 'time (s)', yLabel, xKind: 'seconds', x, series, ...(rightLabel ? { rightLabel } : {}) };
}

const percent = (v: number | null) => (v === null ? null : v * 100);

/**
 * Redis and PostgreSQL sampled during the run (`result.datastores`, from `--sample-redis` and
 * `--sample-pg`), as charts on the same time axis as the load charts: Redis commands and
 * evictions per second, memory and clients, keyspace hit rate; PostgreSQL commits and rollbacks
 * per second, connections and cache hit ratio.
 */
export function datastoreCharts(result: RunResult): ChartSpec[] {
  const stores = result.datastores;
  if (!stores) return [];
  const perS = stores.intervalMs / 1000;
  const charts: ChartSpec[] = [];
  const redis = stores.redis?.points ?? [];
  if (redis.length) {
    const x = redis.map((p) => p.t);
    charts.push(
      chart('chart-redis-ops', 'Redis: commands and evictions per second', 'per second', x, [
        { label: 'commands/s', values: redis.map((p) => p.opsPerSec), color: PALETTE[0]! },
        { label: 'evictions/s', values: redis.map((p) => p.evictions / perS), color: PALETTE[1]! },
      ]),
      chart('chart-redis-memory', 'Redis: memory and clients', 'MB', x, [
        { label: 'used memory MB', values: redis.map((p) => p.usedMemoryBytes / 1e6), color: PALETTE[2]! },
        { label: 'connected clients', values: redis.map((p) => p.connectedClients), color: PALETTE[4]!, right: true },
      ], 'clients'),
    );
    if (redis.some((p) => p.hitRate !== null)) {
      charts.push(chart('chart-redis-hitrate', 'Redis: keyspace hit rate', '%', x, [{ label: 'hit rate %', values: redis.map((p) => percent(p.hitRate)), color: PALETTE[3]! }]));
    }
  }
  const pg = stores.pg?.points ?? [];
  if (pg.length) {
    const x = pg.map((p) => p.t);
    charts.push(
      chart('chart-pg-transactions', 'PostgreSQL: transactions per second', 'per second', x, [
        { label: 'commits/s', values: pg.map((p) => p.commitsPerSec), color: PALETTE[0]! },
        { label: 'rollbacks/s', values: pg.map((p) => p.rollbacksPerSec), color: PALETTE[1]! },
      ]),
      chart('chart-pg-connections', 'PostgreSQL: connections and cache hit ratio', 'connections', x, [
        { label: 'connections', values: pg.map((p) => p.connections), color: PALETTE[2]! },
        { label: 'cache hit %', values: pg.map((p) => percent(p.cacheHitRatio)), color: PALETTE[3]!, right: true },
      ], '%'),
    );
  }
  return charts;
}

function gapsNote(name: string, source: string, gaps: DatastoreGap[]): string {
  if (gaps.length === 0) return '';
  const from = gaps[0]!.t;
  const to = gaps[gaps.length - 1]!.t;
  return `<p class="warn" data-testid="datastore-gaps">${escapeHtml(name)} (${escapeHtml(source)}): ${gaps.length} sample(s) failed, from ${from} s to ${to} s: ${escapeHtml(gaps[0]!.error)}</p>`;
}

/** The section's text around the charts: sources, gaps (a server that went away), and pg_stat_statements' top statements or why there are none. */
export function datastoresHtml(result: RunResult): string {
  const stores = result.datastores;
  if (!stores) return '';
  const parts: string[] = [];
  const sources = [stores.redis ? `Redis ${stores.redis.source}` : '', stores.pg ? `PostgreSQL ${stores.pg.source}` : ''].filter(Boolean);
  parts.push(`<p class="note">Sampled every ${stores.intervalMs / 1000} s: ${escapeHtml(sources.join(', '))}.</p>`);
  if (stores.redis) parts.push(gapsNote('Redis', stores.redis.source, stores.redis.gaps));
  if (stores.pg) {
    parts.push(gapsNote('PostgreSQL', stores.pg.source, stores.pg.gaps));
    const s = stores.pg.statements;
    if (!s.available) parts.push(`<p class="note" data-testid="pg-statements-note">${escapeHtml(s.note)}</p>`);
    else if (s.top.length) {
      const rows = s.top.map((t) => [`<code>${escapeHtml(t.text)}</code>`, String(t.calls), formatMs(t.totalMs), formatMs(t.meanMs), String(t.rows)]);
      parts.push(`<h3>PostgreSQL's top statements during the run (pg_stat_statements)</h3>${htmlTable('pg-statements', ['statement', 'calls', 'total ms', 'mean ms', 'rows'], rows)}`);
    }
  }
  return parts.filter(Boolean).join('\n');
}
