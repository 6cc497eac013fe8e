import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

/** How busy the load generator itself was over one hold. */
export interface GeneratorUsage {
  /** Event-loop utilization of the thread that sends the load, 0..1 (null with worker threads, whose loops this thread cannot read). */
  eventLoopUtilization: number | null;
  /** CPU time of the whole generator process over wall time, in cores (1 = one core busy). */
  cpuCores: number;
  /** Threads sending load: 1, or the number of worker threads. */
  threads: number;
}

/** Reads the generator's own load over a span, so a step the generator could not send is not taken for the service's limit. */
export interface GeneratorMeter {
  /** Starts a span; the returned function ends it and returns what the generator used. */
  begin(): () => GeneratorUsage;
}

/** Past this share of its time busy (event loop, or CPU per sending thread), the generator is the limit: arrivals start late and pile up on its side. */
export const GENERATOR_SATURATION = 0.9;

/**
 * The meter of this process: the main thread's event-loop utilization when it sends the load
 * itself, and the process's CPU time (every thread) over wall time, so worker threads count too.
 */
export function processGeneratorMeter(threads = 1): GeneratorMeter {
  return {
    begin() {
      const elu = performance.eventLoopUtilization();
      const cpu = process.cpuUsage();
      const at = performance.now();
      return () => {
        const wallMs = Math.max(1, performance.now() - at);
        const used = process.cpuUsage(cpu);
        return {
          eventLoopUtilization: threads > 1 ? null : performance.eventLoopUtilization(elu).utilization,
          cpuCores: (used.user + used.system) / 1000 / wallMs,
          threads,
        };
      };
    },
  };
}

/**
 * Why the generator, not the service, limited a step, in words; undefined when it had room. One
 * thread: its event loop busy at least 90 % of the hold. Worker threads: CPU per thread at least 90 %.
 */
export function generatorSaturation(u: GeneratorUsage): string | undefined {
  if (u.eventLoopUtilization !== null && u.eventLoopUtilization >= GENERATOR_SATURATION) {
    return `the load generator's event loop was busy ${(u.eventLoopUtilization * 100).toFixed(0)}% of the hold`;
  }
  if (u.threads > 1 && u.cpuCores / u.threads >= GENERATOR_SATURATION) {
    return `the load generator's ${u.threads} worker threads used ${(u.cpuCores * 100).toFixed(0)}% CPU (${((u.cpuCores / u.threads) * 100).toFixed(0)}% each)`;
  }
  return undefined;
}

/** Worker threads worth trying next: twice as many, at most one per core; undefined when there is no core to add. */
export function suggestedWorkers(threads: number, cores = availableParallelism()): number | undefined {
  const next = Math.min(threads * 2, cores);
  return next > threads ? next : undefined;
}
