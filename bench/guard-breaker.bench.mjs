// Circuit breaker around a call that succeeds at once: loadline's CircuitBreaker.execute vs
// cockatiel's circuitBreaker().execute and opossum's fire (timeout disabled, so no timer per call).
// Calls are awaited in batches of 1000.
// Run: npm run build && node --expose-gc bench/guard-breaker.bench.mjs
import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
import Opossum from 'opossum';
import { asyncOpsPerSecond, compare } from './lib/compare.mjs';
import { CircuitBreaker } from '../dist/guard/index.js';

const work = () => Promise.resolve(1);
const loadline = new CircuitBreaker({ consecutiveFailures: 5, openMs: 10_000 });
const loadlineRate = new CircuitBreaker({ failureRate: { threshold: 0.5, windowMs: 10_000 }, openMs: 10_000 });
const cockatiel = circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) });
const opossum = new Opossum(work, { timeout: false, resetTimeout: 10_000 });

await compare({
  title: 'circuit breaker execute (closed, succeeding call): calls per second',
  contenders: [
    { name: 'loadline consecutive breaker', run: () => asyncOpsPerSecond(() => loadline.execute(work)) },
    { name: 'loadline failure-rate breaker', run: () => asyncOpsPerSecond(() => loadlineRate.execute(work)) },
    { name: 'cockatiel circuitBreaker.execute', run: () => asyncOpsPerSecond(() => cockatiel.execute(work)) },
    { name: 'opossum fire (timeout off)', run: () => asyncOpsPerSecond(() => opossum.fire()) },
  ],
  repeats: 7,
});
opossum.shutdown();
