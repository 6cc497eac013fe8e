import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../core/index.js';
import { listenOnLoopback } from '../../testing/loopbackServer.js';
import { runScenario, type ScenarioRunOptions } from '../ScenarioRun.js';

/**
 * Runs test/fixtures/scenarios/custom-metrics.yaml against a loopback server that answers 503 on
 * `/broken` and 200 (`{}`) elsewhere, and stops the server once the run is done.
 */
export async function runCustomMetricsScenario(options: Omit<ScenarioRunOptions, 'scenario' | 'target'>): Promise<RunResult> {
  const app = await listenOnLoopback((req, res) => {
    req.resume();
    res.statusCode = req.url === '/broken' ? 503 : 200;
    res.end('{}');
  });
  try {
    return await runScenario({
      scenario: fileURLToPath(new URL('../../../test/fixtures/scenarios/custom-metrics.yaml', import.meta.url)),
      target: app.url,
      ...options,
    });
  } finally {
    await app.close();
  }
}
