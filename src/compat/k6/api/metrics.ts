import type { MetricTags, MetricType } from '../../../load/index.js';
import type { K6Context, VuState } from '../K6Context.js';

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

/**
 * The `k6/metrics` module: `Counter`, `Gauge`, `Rate`, `Trend`, each declared in the init
 * context (as k6 requires) into the run's metric registry under its own name; `add(value, tags)`
 * feeds the total and the series of those tags.
 */
export function metricsModule(ctx: K6Context, vu: VuState): Record<string, unknown> {
  const make = (type: MetricType) =>
    class K6Metric {
      readonly name: string;
      readonly isTime: boolean;
      constructor(name: unknown, isTime?: unknown) {
        if (!vu.initializing) throw new Error(`new ${type}(${JSON.stringify(name)}): metrics must be declared in the init context (module level), as in k6`);
        if (typeof name !== 'string' || !NAME.test(name)) throw new Error(`metric name ${JSON.stringify(name)}: expected letters, digits and _ (k6's rule), starting with a letter or _`);
        ctx.metrics.define(name, type);
        this.name = name;
        this.isTime = isTime === true;
        if (this.isTime) ctx.timeTrends.add(name);
      }
      add(value: unknown, tags?: MetricTags): boolean {
        const v = typeof value === 'boolean' ? value : Number(value);
        if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${this.name}.add(${String(value)}): expected a number`);
        ctx.addMetric(this.name, v, tags && Object.keys(tags).length ? tags : undefined);
        return true;
      }
    };
  const api: Record<string, unknown> = { Counter: make('counter'), Gauge: make('gauge'), Rate: make('rate'), Trend: make('trend') };
  api.default = api;
  return api;
}
