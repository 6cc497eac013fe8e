// The steps every rate-limit adapter takes around the framework-neutral check: split off the
// options only an adapter can act on, write the outcome's headers, refund a successful response.
import { checkFunction } from '../../../core/index.js';
import type { RateLimitOutcome } from './createRateLimitCheck.js';

export function writeHeaders(outcome: RateLimitOutcome, set: (name: string, value: string) => unknown): void {
  for (const name in outcome.headers) set(name, outcome.headers[name]!);
}

/** The options only an adapter can act on (they need the framework's response), split from the core's. */
export function adapterOptions<O extends { requestWasSuccessful?: unknown; handler?: unknown }>(options: O): { core: Omit<O, 'requestWasSuccessful' | 'handler'>; wasSuccessful: O['requestWasSuccessful'] | undefined; handler: O['handler'] | undefined } {
  const { requestWasSuccessful, handler, ...core } = options ?? ({} as O);
  return {
    core,
    wasSuccessful: requestWasSuccessful === undefined ? undefined : checkFunction(requestWasSuccessful, 'requestWasSuccessful'),
    handler: handler === undefined ? undefined : checkFunction(handler, 'handler'),
  };
}

/** skipSuccessfulRequests: once the response is sent, a successful one gives its grant back; an aborted one keeps counting. */
export function refundOnSuccess(outcome: RateLimitOutcome, response: { once(event: 'finish', fn: () => void): unknown }, succeeded: () => boolean): void {
  if (!outcome.decision.allowed) return;
  response.once('finish', () => {
    if (succeeded()) outcome.limiter.refund(outcome.key, outcome.decision).catch(() => {});
  });
}
