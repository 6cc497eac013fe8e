import { formatMs, formatRate } from './ReportTables.js';

/** A spike run's recovery, as `loadline find --mode spike` measures it (`spikeRecovery` in loadline/load). */
export interface SpikeSummary {
  /** The spike: start and end in seconds on the series axis, baseline and peak load. */
  spike: { startS: number; endS: number; baseline: number; peak: number };
  /** The per-interval percentile judged. */
  percentile: 50 | 95 | 99;
  /** The limit it had to come back within, ms. */
  limitMs: number;
  recovered: boolean;
  /** From the end of the spike to the start of the stable run within the limit, ms; null when it never came back. */
  recoveryMs: number | null;
  /** Worst per-interval percentile from the spike's start to the end of the run, ms. */
  worstMs: number;
}

/** The badge of a spike run: whether it recovered, since its SLO is expected to fail during the spike itself. */
export function spikeBadge(s: SpikeSummary): { label: string; tone: 'passed' | 'failed' } {
  return s.recovered ? { label: 'recovered', tone: 'passed' } : { label: 'not recovered', tone: 'failed' };
}

/** The recovery section: the spike, the worst percentile, and how long after the spike it came back within the limit. */
export function spikeHtml(s: SpikeSummary): string {
  const p = `p${s.percentile}`;
  const verdict = s.recovered
    ? `<span class="ok">Recovered</span>: ${p} back within ${formatMs(s.limitMs)} ms <strong data-testid="recovery-seconds">${(s.recoveryMs! / 1000).toFixed(1)}</strong> s after the spike ended.`
    : `<span class="bad">Not recovered</span>: ${p} did not stay within ${formatMs(s.limitMs)} ms before the run ended.`;
  const facts = [
    verdict,
    `Spike: ${formatRate(s.spike.baseline)} to ${formatRate(s.spike.peak)} from ${s.spike.startS} s to ${s.spike.endS} s; worst ${p} ${formatMs(s.worstMs)} ms.`,
    `The SLO is expected to fail over the whole run, which includes the spike: the verdict of a spike run is its recovery.`,
  ];
  return `<p data-testid="spike-recovery">${facts.join('<br>')}</p>`;
}
