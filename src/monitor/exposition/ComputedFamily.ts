import type { FamilyValues, MetricFamily, ScalarSample } from './MetricFamily.js';
import { familyHeader, formatValue, labelBlock } from './prometheusText.js';

/**
 * A counter or gauge whose value is read when the family is rendered (process memory, CPU time),
 * so nothing is polled between scrapes.
 *
 * @example
 * registry.addFamily(new ComputedFamily('process_resident_memory_bytes', 'Resident set size in bytes.', 'gauge', () => process.memoryUsage().rss));
 */
export class ComputedFamily implements MetricFamily {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
    readonly collect: () => number | ScalarSample[],
  ) {}

  #samples(): ScalarSample[] {
    const got = this.collect();
    return typeof got === 'number' ? [{ labels: {}, value: got }] : got;
  }

  render(): string {
    const samples = this.#samples();
    if (samples.length === 0) return '';
    let out = familyHeader(this.name, this.help, this.type);
    for (const s of samples) {
      const names = Object.keys(s.labels);
      out += `${this.name}${labelBlock(names, names.map((n) => s.labels[n]!))} ${formatValue(s.value)}\n`;
    }
    return out;
  }

  read(): FamilyValues {
    return { name: this.name, help: this.help, type: this.type, samples: this.#samples() };
  }
}
