import { resolve } from 'node:path';
import { importScenarioModule } from '../../load/scenario/compile/loadScenario.js';
import { planVuProgram, type K6RunOptions } from '../k6/index.js';
import type { CompatPlan } from '../plan.js';
import { renamedError, ScenarioSetProgram } from './ScenarioSetProgram.js';

export { ScenarioSetProgram } from './ScenarioSetProgram.js';
export { iterationContext } from './iterationContext.js';

/** How to run a scenario set. */
export interface ScenarioSetRunOptions {
  /** Origin that request paths starting with `/` go to; default the module's `target`. */
  target?: string;
  /** Values over `process.env` in `t.env`; default none. */
  env?: Record<string, string>;
  /** Extra thresholds in loadline's grammar; default none. */
  thresholds?: readonly string[];
  /** https: accept any certificate; default false. */
  insecure?: boolean;
  /** Time source of the schedules, pauses and latency; default the system clock. Tests pass a FakeClock. */
  clock?: K6RunOptions['clock'];
}

/**
 * Plans a loadline scenario set: a TypeScript or JavaScript module exporting `scenarios` (each
 * with its executor and schedule, as k6's) and the async functions they run, each receiving an
 * `ScenarioContext`. They run side by side on the compatibility layer's executors
 * (`ScheduleSet`) and k6-form runner; HTTP samples carry a `scenario` tag, so thresholds such as
 * `http_req_duration{scenario:buy}: ['p(95)<200']` judge one scenario. Bad input (an unknown
 * executor, an `exec` the module does not export, a bad field) is `LOADLINE_INVALID_FILE` naming
 * the file and the field, before any load.
 *
 * @example
 * const run = await startCompat(await planScenarioSet('scenarios/shop.ts', { target: 'http://127.0.0.1:3000' }));
 * const result = await run.result;
 */
export async function planScenarioSet(file: string, options: ScenarioSetRunOptions = {}): Promise<CompatPlan> {
  const path = resolve(file);
  const program = new ScenarioSetProgram(path, await importScenarioModule(path), options.target);
  const { target: _target, ...run } = options;
  return planVuProgram(path, program, run, 'scenarios').catch((err: unknown) => {
    throw renamedError(err);
  });
}
