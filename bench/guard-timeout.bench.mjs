// Timeout policy around a call that succeeds at once: loadline's TimeoutPolicy (one shared timer
// per policy, signal created only if the call reads it) vs cockatiel's timeout policy (a timer
// and an AbortController per call) and opossum's fire with its default 10 s timeout. Also
// loadline's breaker with a per-call timeout. Calls are awaited in batches of 1000.
// Run: npm run build && node --expose-gc bench/guard-timeout.bench.mjs
import { timeout, TimeoutStrategy } from 'cockatiel';
import Opossum from 'opossum';
import { asyncOpsPerSecond, compare } from './lib/compare.mjs';
import { CircuitBreaker, TimeoutPolicy } from '../dist/guard/index.js';

const work = () => Promise.resolve(1);
const workWithSignal = ({ signal }) => (signal.aborted ? Promise.reject(signal.reason) : Promise.resolve(1));
const loadline = new TimeoutPolicy({ timeoutMs: 1000 });
const loadlineBreaker = new CircuitBreaker({ timeoutMs: 1000 });
const cockatiel = timeout(1000, TimeoutStrategy.Cooperative);
const opossum = new Opossum(work, { resetTimeout: 10_000 });

await compare({
  title: 'timeout policy (1 s, succeeding call): calls per second',
  contenders: [
    { name: 'loadline TimeoutPolicy', run: () => asyncOpsPerSecond(() => loadline.execute(work)) },
    { name: 'loadline TimeoutPolicy, reads signal', run: () => asyncOpsPerSecond(() => loadline.execute(workWithSignal)) },
    { name: 'loadline breaker + timeoutMs', run: () => asyncOpsPerSecond(() => loadlineBreaker.execute(work)) },
    { name: 'cockatiel timeout.execute', run: () => asyncOpsPerSecond(() => cockatiel.execute(work)) },
    { name: 'opossum fire (default timeout)', run: () => asyncOpsPerSecond(() => opossum.fire()) },
  ],
  repeats: 5,
});

// The fair pairing when the call uses its signal (as fetch or pg would): both read it.
await compare({
  title: 'timeout policy (1 s), the call reads its signal: calls per second',
  contenders: [
    { name: 'loadline TimeoutPolicy, reads signal', run: () => asyncOpsPerSecond(() => loadline.execute(workWithSignal)) },
    { name: 'cockatiel timeout, reads signal', run: () => asyncOpsPerSecond(() => cockatiel.execute(workWithSignal)) },
  ],
  repeats: 5,
});
opossum.shutdown();
