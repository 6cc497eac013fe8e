/**
 * loadline (the package root): the contracts every pillar shares and a user's code may hold on
 * to. Errors carry a stable code from one list; time comes from a `Clock` (tests pass
 * `FakeClock` from loadline/testing); runtime pillars report through a `MetricsSink` (the
 * monitor's, or your own).
 *
 * @example
 * import { isLoadlineError } from 'loadline';
 * try {
 *   await runLoad(options);
 * } catch (err) {
 *   if (isLoadlineError(err, 'LOADLINE_INVALID_OPTION')) console.error(err.message); // names the field
 *   else throw err;
 * }
 */
export { LoadlineError, isLoadlineError, type LoadlineErrorDetails } from './errors/errors.js';
export { ERROR_CODES, type KnownErrorCode, type LoadlineErrorCode } from './errors/errorCodes.js';
export { systemClock, type Clock, type TimerHandle } from './clock.js';
export { noopSink, type MetricsSink, type Labels, type MetricOptions, type GaugeOptions, type HistogramOptions, type CounterMetric, type GaugeMetric, type HistogramMetric } from './metricsSink.js';
