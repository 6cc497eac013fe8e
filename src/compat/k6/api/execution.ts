import { TestAborted, type K6Context, type VuState } from '../K6Context.js';

/**
 * The `k6/execution` module of one VU: `exec.vu` (idInTest, iterationInScenario, tags),
 * `exec.scenario` (name, executor, startTime, progress, iterationInTest), `exec.instance`
 * (iterationsCompleted, vusActive, currentTestRunDuration...) and `exec.test` (`abort()`,
 * which stops the run and exits 108 as k6, and `options`).
 */
export function executionModule(ctx: K6Context, vu: VuState, iterationInTest: () => number): Record<string, unknown> {
  const scenario = vu.scenario;
  const api: Record<string, unknown> = {
    vu: {
      get idInTest() {
        return vu.id;
      },
      get idInInstance() {
        return vu.id;
      },
      get iterationInScenario() {
        return vu.iteration;
      },
      get iterationInInstance() {
        return vu.iteration;
      },
      tags: vu.tags,
      metrics: { tags: vu.tags, metadata: {} },
    },
    scenario: {
      name: scenario?.name ?? '',
      executor: scenario?.executor ?? '',
      get startTime() {
        return ctx.testStartWall + (scenario?.startMs ?? 0);
      },
      get progress() {
        if (!scenario || scenario.durationMs <= 0) return 0;
        return Math.min(1, Math.max(0, (ctx.clock.now() - ctx.testStartMs - scenario.startMs) / scenario.durationMs));
      },
      get iterationInTest() {
        return iterationInTest();
      },
      get iterationInInstance() {
        return iterationInTest();
      },
    },
    instance: {
      get iterationsCompleted() {
        return ctx.iterationsCompleted;
      },
      get iterationsInterrupted() {
        return ctx.iterationsInterrupted;
      },
      get vusActive() {
        return ctx.activeVus();
      },
      get vusInitialized() {
        return ctx.vusInitialized;
      },
      get currentTestRunDuration() {
        return ctx.phase === 'run' ? ctx.clock.now() - ctx.testStartMs : 0;
      },
    },
    test: {
      abort: (reason?: unknown): never => {
        ctx.abortedByScript = true;
        ctx.stopRun?.('aborted');
        throw new TestAborted(reason === undefined ? undefined : String(reason));
      },
      get options() {
        return ctx.options;
      },
    },
  };
  api.default = api;
  return api;
}
