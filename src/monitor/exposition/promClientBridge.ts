import type { Monitor } from '../Monitor.js';
import type { FamilyValues } from './MetricFamily.js';

/** The part of a prom-client `Registry` the bridge uses (typed structurally: prom-client is not a dependency). */
export interface PromClientRegistryLike {
  /** Receives a `PromClientMetricLike`; typed `never` so prom-client's own `Registry` type fits. */
  registerMetric(metric: never): void;
  getSingleMetric(name: string): unknown;
}

/** What prom-client's registry reads from a metric: `get()` returning name, help, type and values. */
export interface PromClientMetricLike {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  aggregator: 'sum';
  get(): { name: string; help: string; type: string; aggregator: 'sum'; values: Array<{ value: number; labels: Record<string, string | number>; metricName?: string }> };
}

function toValues(f: FamilyValues): ReturnType<PromClientMetricLike['get']>['values'] {
  if (f.type !== 'histogram') return f.samples.map((s) => ({ value: s.value, labels: s.labels }));
  const out: ReturnType<PromClientMetricLike['get']>['values'] = [];
  for (const s of f.samples) {
    let cumulative = 0;
    s.counts.forEach((c, i) => {
      cumulative += c;
      out.push({ metricName: `${f.name}_bucket`, labels: { ...s.labels, le: i < f.bounds.length ? f.bounds[i]! : '+Inf' }, value: cumulative });
    });
    out.push({ metricName: `${f.name}_sum`, labels: s.labels, value: s.sum });
    out.push({ metricName: `${f.name}_count`, labels: s.labels, value: s.count });
  }
  return out;
}

/**
 * Registers the monitor's metrics into an existing prom-client registry, for services that already
 * serve prom-client's `/metrics`. Names the registry already holds (say, from
 * `collectDefaultMetrics`) are skipped. Call again after registering more metrics; it is idempotent.
 *
 * @example
 * import client from 'prom-client';
 * registerWithPromClient(monitor, client.register);
 */
export function registerWithPromClient(monitor: Monitor, registry: PromClientRegistryLike): string[] {
  const added: string[] = [];
  for (const family of monitor.registry.families()) {
    if (registry.getSingleMetric(family.name)) continue;
    const get = () => {
      const f = family.read();
      return { name: f.name, help: f.help, type: f.type, aggregator: 'sum' as const, values: toValues(f) };
    };
    const metric: PromClientMetricLike = { name: family.name, help: family.help, type: family.type, aggregator: 'sum', get };
    // A boundary: registerMetric takes `never` so prom-client's own Registry type fits (see PromClientRegistryLike).
    registry.registerMetric(metric as never);
    added.push(family.name);
  }
  return added;
}
