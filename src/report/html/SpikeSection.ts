import type { SpikeRecovery } from '../../core/index.js';
import { formatMs, formatRate } from './ReportTables.js';

/** A spike run's recovery, as `spikeRecovery` in loadline/load measures it: core's `SpikeRecovery`. */
export type SpikeSummary = SpikeRecovery;

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
