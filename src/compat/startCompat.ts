import type { RunResult } from '../core/index.js';
import { startLoad, type LoadRun, type MetricSource } from '../load/index.js';
import type { CompatPlan } from './plan.js';

/** A running k6 script or Artillery file: the engine's run handle and the plan it runs. */
export interface CompatRun extends LoadRun {
  readonly plan: CompatPlan;
}

/**
 * Runs a plan: `before` (k6's setup), the load on loadline's engine, then `after` on the result
 * (teardown, ensure, handleSummary). The result carries the script's custom metrics under their
 * own names in `summary.metrics`.
 *
 * @example
 * const run = await startCompat(await planArtillery('artillery.yml'));
 * const result = await run.result;
 */
export async function startCompat(plan: CompatPlan): Promise<CompatRun> {
  await plan.before?.();
  let run: LoadRun | undefined;
  const registry = plan.metrics;
  const custom: MetricSource = {
    get metrics() {
      return registry.metrics;
    },
    observe: (e) => {
      registry.durationMs = run?.progress().elapsedMs;
      return registry.observe(e);
    },
  };
  run = startLoad({ ...plan.load, metricSources: [custom, ...(plan.load.metricSources ?? [])] });
  plan.started?.(run);
  const result = run.result.then(async (r: RunResult) => {
    if (Object.keys(registry.metrics).length > 0) r.summary.metrics = registry.summary();
    await plan.after?.(r);
    return r;
  });
  return { ...run, options: run.options, stats: run.stats, result, plan };
}
