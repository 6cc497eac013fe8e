import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GaugeOptions, Labels, MetricOptions, MetricsSink } from '../core/index.js';
import { LruCache } from './lru/LruCache.js';
import { ResponseCache } from './http/ResponseCache.js';

/** A sink that records what it is given, and can be "scraped" like the monitor does. */
function recordingSink() {
  const counters = new Map<string, number>();
  const gauges = new Map<string, GaugeOptions>();
  const sink: MetricsSink = {
    counter: (o: MetricOptions) => ({ inc: (v = 1, labels?: Labels) => counters.set(`${o.name}${JSON.stringify(labels ?? {})}`, (counters.get(`${o.name}${JSON.stringify(labels ?? {})}`) ?? 0) + v) }),
    gauge: (o: GaugeOptions) => (gauges.set(o.name, o), { set() {}, inc() {}, dec() {} }),
    histogram: () => ({ observe() {} }),
  };
  const scrape = () => {
    const out: Record<string, number> = {};
    for (const [name, g] of gauges) {
      const v = g.collect!();
      out[name] = typeof v === 'number' ? v : v[0]!.value;
    }
    return out;
  };
  return { sink, counters, scrape };
}

test('LruCache reports loadline_cache_* gauges on collect and brings counters up to date', () => {
  const { sink, counters, scrape } = recordingSink();
  const cache = new LruCache<string>({ maxEntries: 2, maxBytes: 1000, metrics: sink, name: 'users' });
  cache.set('a', 'xx').set('b', 'yy').set('c', 'zz');
  cache.get('c');
  cache.get('c');
  cache.get('a');
  assert.equal(counters.size, 0, 'nothing pushed on the hot path');
  const g = scrape();
  assert.equal(g.loadline_cache_entries, 2);
  assert.equal(g.loadline_cache_bytes, 8);
  assert.equal(g.loadline_cache_hit_ratio, 2 / 3);
  assert.equal(counters.get('loadline_cache_hits_total{"cache":"users"}'), 2);
  assert.equal(counters.get('loadline_cache_misses_total{"cache":"users"}'), 1);
  assert.equal(counters.get('loadline_cache_evictions_total{"cache":"users"}'), 1);
  cache.get('b');
  scrape();
  assert.equal(counters.get('loadline_cache_hits_total{"cache":"users"}'), 3, 'deltas, never double counted');
});

test('ResponseCache exposes hit ratio and bytes under the "http" label', () => {
  const { sink, scrape } = recordingSink();
  new ResponseCache({ metrics: sink });
  const g = scrape();
  assert.equal(g.loadline_cache_hit_ratio, 0);
  assert.equal(g.loadline_cache_bytes, 0);
});
