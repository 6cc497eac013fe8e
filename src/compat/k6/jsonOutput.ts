import { createWriteStream } from 'node:fs';
import { invalidInput } from '../../core/index.js';
import type { MetricType } from '../../load/index.js';
import type { MetricRegistry } from '../../load/scenario/metrics/MetricRegistry.js';
import type { K6Context } from './K6Context.js';

/** Where samples go for `--out json=FILE`. */
export interface SampleSink {
  write(metric: string, type: MetricType, value: number, tags: Record<string, string>): void;
  close(): Promise<void>;
}

/** Bytes buffered before a write to the file. */
const CHUNK = 64 * 1024;

/**
 * k6's `--out json=FILE`: one JSON line per sample (`{"type":"Point","metric":...,"data":{time,value,tags}}`),
 * each metric announced once first (`{"type":"Metric",...}`). Samples are written in 64 kB
 * chunks; loadline's own statistics never keep samples, this file is the only place they go.
 */
export async function openJsonOutput(file: string, _metrics: MetricRegistry, ctx: K6Context): Promise<SampleSink> {
  const stream = createWriteStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(invalidInput({ field: 'jsonOut', value: file, expected: `a file that can be written (${(err as NodeJS.ErrnoException).code ?? err.message})` })));
  });
  const announced = new Set<string>();
  let buffer = '';
  const flush = () => {
    if (buffer.length === 0) return;
    stream.write(buffer);
    buffer = '';
  };
  return {
    write(metric, type, value, tags) {
      if (!announced.has(metric)) {
        announced.add(metric);
        buffer += `${JSON.stringify({ type: 'Metric', data: { name: metric, type, contains: /duration|waiting|receiving|sending|blocked|connecting|handshaking/.test(metric) || ctx.timeTrends.has(metric) ? 'time' : metric.startsWith('data_') ? 'data' : 'default', thresholds: [], submetrics: null }, metric })}\n`;
      }
      buffer += `{"type":"Point","data":{"time":"${new Date(ctx.clock.wallNow()).toISOString()}","value":${Number.isFinite(value) ? value : 0},"tags":${JSON.stringify(tags)}},"metric":${JSON.stringify(metric)}}\n`;
      if (buffer.length >= CHUNK) flush();
    },
    close: () =>
      new Promise<void>((resolve) => {
        flush();
        stream.end(() => resolve());
      }),
  };
}
