import { LoadlineError, type Clock, type TimerHandle } from '../../core/index.js';

/**
 * `result`, or a LOADLINE_TIMEOUT rejection (and `controller` aborted with it) when it has not
 * settled after `ms`: the `hardTimeoutMs` of a `getOrSet` load.
 */
export function withHardTimeout<V>(result: Promise<V>, key: string, ms: number, controller: AbortController, clock: Clock): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    const timer: TimerHandle = clock.setTimeout(() => {
      const error = new LoadlineError('LOADLINE_TIMEOUT', `loader for key ${JSON.stringify(key)} did not finish within hardTimeoutMs ${ms}`, { field: 'hardTimeoutMs', value: ms });
      controller.abort(error);
      reject(error);
    }, ms);
    // Not unref'd: for a loader that never settles this timer is the only way out, and with it
    // unref'd a script awaiting the load would exit with code 13 instead of seeing the error.
    // It is cleared as soon as the loader settles, so it never holds a process longer than that.
    result.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
