import { FakeClock } from '../core/index.js';

/**
 * Runs `work` on a FakeClock that moves `stepMs` at every turn of the event loop, so the
 * schedule's durations, pauses and think times pass in a few milliseconds while requests still
 * go over real loopback sockets between the turns. Resolves with what `work` resolved with.
 */
export async function onFakeTime<T>(work: (clock: FakeClock) => Promise<T>, stepMs = 50, maxTurns = 200_000): Promise<T> {
  const clock = new FakeClock();
  let settled = false;
  const p = work(clock).finally(() => {
    settled = true;
  });
  for (let turn = 0; !settled && turn < maxTurns; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!settled) clock.advance(stepMs);
  }
  return p;
}
