import { LoadlineError, type RunResult } from '../core/index.js';
import { SEEDED_PASSWORD, seededEmail, type ForumServer } from '../forum/index.js';
import { findCapacity, startScenario, type CapacityReport, type FindStep, type LoadShape, type NormalizedScenario, type PreparedSource } from '../load/index.js';
import type { ResolvedForumDemoOptions } from './ForumDemoOptions.js';
import { normalizedForumScenario } from './forumScenario.js';

/** Accounts logged in before a search; the signed-in flows share their tokens. */
export const SIGNED_IN_ACCOUNTS = 8;

/** Code of the error a run throws once the demo's signal fired. */
export const DEMO_INTERRUPTED = 'LOADLINE_INTERRUPTED';

function interrupted(): LoadlineError {
  return new LoadlineError(DEMO_INTERRUPTED, 'the demo was interrupted');
}

/**
 * Runs the scenario for each shape the search asks for; the signal stops the run in flight and
 * every later one. Each run draws from its own seed (`seed`, then the next ones): one seed for
 * all would replay the same ids every step, warming a cache for the next step and logging the
 * same accounts in until their rate limit refuses them.
 */
export function scenarioSource(scenario: NormalizedScenario, target: string, seed: number, signal: AbortSignal | undefined): PreparedSource {
  let runs = 0;
  return {
    name: `${scenario.name} on ${target}`,
    async run(shape: LoadShape): Promise<RunResult> {
      if (signal?.aborted) throw interrupted();
      const run = await startScenario({ scenario, target, seed: seed * 10_000 + runs++, ...shape });
      const stop = () => run.stop('interrupted');
      signal?.addEventListener('abort', stop, { once: true });
      try {
        const result = await run.result;
        if (signal?.aborted) throw interrupted();
        return result;
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    },
  };
}

async function logIn(url: string, id: number): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: seededEmail(id), password: SEEDED_PASSWORD }) });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || typeof body.token !== 'string') throw new LoadlineError('LOADLINE_DEMO_LOGIN', `${url}: login of ${seededEmail(id)} answered ${res.status}`, { field: 'url', value: url });
  return body.token;
}

/**
 * The demo's traffic for one running forum: logs the signed-in accounts in, builds the forum
 * scenario for its volumes, and returns a source that runs it (stopped by `signal`).
 */
export async function forumLoadSource(forum: ForumServer, seed: number, signal?: AbortSignal): Promise<PreparedSource> {
  const tokens: string[] = [];
  for (let id = 1; id <= Math.min(SIGNED_IN_ACCOUNTS, forum.volumes.users); id++) tokens.push(await logIn(forum.url, id));
  const scenario = await normalizedForumScenario({ volumes: forum.volumes, tokens });
  return scenarioSource(scenario, forum.url, seed, signal);
}

/** Finds the forum's load line with the demo's search options (the same for every service it compares), its process's CPU and RSS per step. */
export function searchForum(forum: ForumServer, source: PreparedSource, o: ResolvedForumDemoOptions, onStep?: (step: FindStep, result: RunResult) => void): Promise<CapacityReport> {
  return findCapacity({
    source,
    slos: o.slos,
    mode: 'rate',
    start: o.start,
    stepDurationMs: o.stepDurationMs,
    warmupMs: o.warmupMs,
    budgetMs: o.searchBudgetMs,
    pid: forum.pid,
    ...(onStep ? { onStep } : {}),
  });
}
