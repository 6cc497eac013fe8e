/**
 * Capacity search (`loadline find`): steps the load up to find a service's load line (max
 * sustainable load and breaking point), plus spike recovery and soak degradation over a run.
 *
 * @example
 * import { findCapacity, formatCapacityText } from 'loadline/load';
 * const report = await findCapacity({ load: { url: 'http://127.0.0.1:3000/' }, slos: ['p(95)<127'] });
 * console.log(formatCapacityText(report));
 */
export { findCapacity, type CapacityReport, type StopReason } from './CapacitySearch.js';
export { resolveCapacityOptions, type CapacityOptions, type ResolvedCapacityOptions } from './CapacityOptions.js';
export { prepareSource, type StepLoad, type ScenarioSource, type LoadShape, type PreparedSource } from './LoadSource.js';
export { stepFromResult, breakReason, failsHard, achievedOf, DEFAULT_BREAK_RULES, type FindStep, type BreakRules } from './LoadStep.js';
export { marginalReason, combineHolds } from './StepHolds.js';
export { processGeneratorMeter, generatorSaturation, suggestedWorkers, GENERATOR_SATURATION, type GeneratorMeter, type GeneratorUsage } from './GeneratorMeter.js';
export { parseSlo, parseSlos, seriesLatencyLimit, DEFAULT_SLO_METRIC } from './Slo.js';
export { ProcessSampler, type ProcessReading, type ProcessUsage, type ProcessPoint, type ProcessWatch } from './ProcessSampler.js';
export { spikeRecovery, type SpikeRecovery, type SpikeRecoveryOptions } from './SpikeRecovery.js';
export { soakDegradation, type SoakDegradation, type SoakOptions, type SoakWindow, type MemoryPoint } from './SoakDegradation.js';
export { formatCapacityText, formatSpikeText, formatSoakText, type CapacityTextOptions } from './CapacityFormat.js';
export { runSpike, spikeReport, type SpikeRunOptions, type SpikeRunReport, type SpikeReportOptions } from './SpikeRun.js';
export { runSoak, soakReport, soakDegraded, type SoakRunOptions, type SoakRunReport, type SoakReportOptions } from './SoakRun.js';

// Deprecated since 0.2.0, removed in 0.3.0: test targets moved to loadline/testing.
import { startRateCappedServer as startRateCappedServerMoved, type RateCappedServer as RateCappedServerMoved, type RateCappedServerOptions as RateCappedServerOptionsMoved } from './RateCappedServer.js';
/** @deprecated since 0.2.0: import `startRateCappedServer` from `loadline/testing`. */
export const startRateCappedServer = startRateCappedServerMoved;
/** @deprecated since 0.2.0: import `RateCappedServer` from `loadline/testing`. */
export type RateCappedServer = RateCappedServerMoved;
/** @deprecated since 0.2.0: import `RateCappedServerOptions` from `loadline/testing`. */
export type RateCappedServerOptions = RateCappedServerOptionsMoved;
