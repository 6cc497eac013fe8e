/** loadline's shared core: what every pillar builds on. Internal to the package. */
export * from './errors.js';
export * from './exit-codes.js';
export * from './clock.js';
export * from './histogram.js';
export * from './sparse-histogram.js';
export * from './metrics-sink.js';
export * from './units.js';
export * from './options.js';
export * from './expression.js';
export * from './data-file.js';
export * from './result.js';
export * from './result-file.js';
export * from './result-repeats.js';
export * from './latency-recorder.js';
export * from './request-context.js';
