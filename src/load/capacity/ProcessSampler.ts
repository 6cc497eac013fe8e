import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkInteger, invalidInput } from '../../core/index.js';

/** One reading of a process's CPU time and memory (Linux /proc). */
export interface ProcessReading {
  /** Monotonic ms (performance.now) when read. */
  atMs: number;
  /** User plus system CPU time so far, ms. */
  cpuMs: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

/** CPU % and RSS of a process over a window. */
export interface ProcessUsage {
  /** CPU time over wall time, percent of one core (200 = two cores busy). */
  cpuPercent: number;
  /** RSS at the end of the window, bytes. */
  rssBytes: number;
}

/** One point of a watched process; `t` in seconds on the result series' axis. */
export interface ProcessPoint {
  t: number;
  cpuPercent: number;
  rssBytes: number;
}

/** A process being read at an interval. */
export interface ProcessWatch {
  /** The points so far. */
  readonly points: ProcessPoint[];
  /** Stops reading and returns the points. */
  stop(): ProcessPoint[];
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * Reads a target process's CPU time and RSS from /proc/<pid>/stat and /proc/<pid>/status, so
 * `loadline find --pid` can show what the server spent at each load step. Linux only.
 *
 * @example
 * const sampler = new ProcessSampler(serverPid);
 * const before = sampler.read();
 * // ... load ...
 * const { cpuPercent, rssBytes } = sampler.usageSince(before);
 */
export class ProcessSampler {
  readonly pid: number;

  /** Throws LOADLINE_INVALID_OPTION naming `field` when the pid is not a readable process. */
  constructor(pid: number, field = 'pid') {
    this.pid = checkInteger(pid, field, { min: 1 });
    try {
      this.read();
    } catch (err) {
      throw invalidInput({ field, value: pid, expected: `a running process whose /proc/${pid}/stat is readable (Linux): ${(err as Error).message}` });
    }
  }

  read(): ProcessReading {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s*kB/m.exec(status);
    return { atMs: performance.now(), cpuMs: ((utime + stime) * 1000) / clockTicks(), rssBytes: rss ? Number(rss[1]) * 1024 : 0 };
  }

  /**
   * Reads every `intervalMs` until stopped; each point's `t` is seconds since `originMs`
   * (performance.now() of the run's measured start), the result series' axis.
   */
  watch(intervalMs: number, originMs: number): ProcessWatch {
    const points: ProcessPoint[] = [];
    let prev: ProcessReading | undefined;
    const tick = () => {
      try {
        const now = this.read();
        const cpuPercent = prev && now.atMs > prev.atMs ? Math.round(((now.cpuMs - prev.cpuMs) / (now.atMs - prev.atMs)) * 1000) / 10 : 0;
        if (prev) points.push({ t: Math.round(now.atMs - originMs) / 1000, cpuPercent, rssBytes: now.rssBytes });
        prev = now;
      } catch {
        clearInterval(timer); // the target exited
      }
    };
    tick();
    const timer = setInterval(tick, intervalMs);
    return {
      points,
      stop: () => {
        clearInterval(timer);
        return points;
      },
    };
  }

  /** CPU % between `since` and now, and the RSS now. */
  usageSince(since: ProcessReading): ProcessUsage {
    const now = this.read();
    const wall = now.atMs - since.atMs;
    return { cpuPercent: wall > 0 ? Math.round(((now.cpuMs - since.cpuMs) / wall) * 1000) / 10 : 0, rssBytes: now.rssBytes };
  }
}
