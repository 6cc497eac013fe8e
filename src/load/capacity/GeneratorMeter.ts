import { availableParallelism, cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** How busy the load generator itself was over one hold. */
export interface GeneratorUsage {
  /** Event-loop utilization of the thread that sends the load, 0..1 (null with worker threads, whose loops this thread cannot read). */
  eventLoopUtilization: number | null;
  /** CPU time of the whole generator process over wall time, in cores (1 = one core busy). */
  cpuCores: number;
  /** 99th percentile of how late the sending thread's event loop ran, ms (null with worker threads): a descheduled or blocked generator sends late, and the open model charges that to latency. */
  eventLoopDelayP99Ms: number | null;
  /** Threads sending load: 1, or the number of worker threads. */
  threads: number;
  /** Share of the machine's CPU time (every core) that was busy, 0..1; the generator shares the machine with whatever else runs there, often the service itself. */
  machineBusy?: number;
}

/** Busy and total CPU time of every core so far, ms. */
function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of cpus()) {
    const t = c.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
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
      const delay = threads > 1 ? undefined : monitorEventLoopDelay({ resolution: 10 });
      delay?.enable();
      const machine = machineTimes();
      return () => {
        const now = machineTimes();
        const total = now.total - machine.total;
        const wallMs = Math.max(1, performance.now() - at);
        const used = process.cpuUsage(cpu);
        delay?.disable();
        // The histogram includes the 10 ms sampling period itself; what is past it is lateness.
        const late = delay && delay.count > 0 ? Math.max(0, delay.percentile(99) / 1e6 - 10) : null;
        return {
          eventLoopUtilization: threads > 1 ? null : performance.eventLoopUtilization(elu).utilization,
          cpuCores: (used.user + used.system) / 1000 / wallMs,
          eventLoopDelayP99Ms: late === null ? null : Math.round(late * 10) / 10,
          threads,
          ...(total > 0 ? { machineBusy: Math.round(((now.busy - machine.busy) / total) * 100) / 100 } : {}),
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
