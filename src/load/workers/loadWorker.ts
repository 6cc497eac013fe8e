/**
 * Entry of one load worker thread: runs its share of the load (quick mode or a scenario) with its
 * own pools and histograms, and posts to the main thread, at every interval, the interval's
 * encoded latency histogram and a snapshot of everything measured so far; at the end, the final
 * snapshot. Thresholds, series merging, progress and the result file belong to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isLoadlineError } from '../../core/index.js';
import type { LoadOptions } from '../LoadOptions.js';
import { startLoad, type LoadRun } from '../LoadRun.js';
import type { RunStats } from '../stats/RunStats.js';
import { startScenario } from '../ScenarioRun.js';
import { loadScenario } from '../scenario/compile/loadScenario.js';
import { MetricRegistry } from '../scenario/metrics/MetricRegistry.js';
import { snapshotRunStats, type RunStatsSnapshot } from './RunStatsSnapshot.js';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

async function main(): Promise<void> {
  const body = init.load.body;
  let final: RunStatsSnapshot | undefined;
  let run: LoadRun | undefined;
  let metrics: MetricRegistry | undefined;
  const load: LoadOptions = {
    ...init.load,
    ...(body !== undefined && typeof body !== 'string' ? { body: Buffer.from(body) } : {}),
    onIntervalHistogram: (point, histogram) => {
      if (run) post({ type: 'interval', point, histogram, stats: snapshotRunStats(run.stats), metrics: metrics && init.intervalMetrics?.length ? metrics.snapshot(init.intervalMetrics) : undefined, allocatedVus: run.progress().allocatedVus });
    },
    onEnd: (stats: RunStats) => {
      final = snapshotRunStats(stats);
    },
  };
  if (init.scenario) {
    const scenario = await loadScenario(init.scenario.file);
    metrics = new MetricRegistry(scenario.metrics);
    run = await startScenario({
      ...load,
      scenario,
      target: init.scenario.target,
      seed: init.scenario.seed,
      setupData: { value: init.setupData },
      skipTeardown: true,
      worker: { index: init.index, count: init.count },
      metrics,
    });
  } else run = startLoad(load);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') run!.stop(m.status);
  });
  const result = await run.result;
  post({ type: 'done', status: result.status, measuredMs: result.summary.durationMs, stats: final!, metrics: metrics?.snapshot() });
  metrics?.destroy();
  port.close();
}

main().catch((err: unknown) => {
  post({ type: 'error', message: (err as Error)?.message ?? String(err), code: isLoadlineError(err) ? err.code : undefined });
  port.close();
});
