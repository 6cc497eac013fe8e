import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../core/index.js';
import { ProcessSampler } from './ProcessSampler.js';

test('reads CPU time and RSS of a process from /proc', () => {
  const sampler = new ProcessSampler(process.pid);
  const before = sampler.read();
  assert.ok(before.rssBytes > 1e6, `rss ${before.rssBytes}`);
  // Burn 60 ms of CPU (not wall time: the machine may be busy), so the CPU % cannot be zero.
  const cpu0 = process.cpuUsage();
  let x = 0;
  while (process.cpuUsage(cpu0).user < 60_000) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
  assert.ok(x > 0);
  const usage = sampler.usageSince(before);
  assert.ok(usage.cpuPercent > 1 && usage.cpuPercent < 400, `cpu ${usage.cpuPercent}%`);
  assert.ok(usage.rssBytes > 1e6);
});

test('a pid that is not a process is rejected naming the field', () => {
  assert.throws(() => new ProcessSampler(2 ** 22 + 7, '--pid'), (e: unknown) => isLoadlineError(e) && e.message.includes('--pid'));
  assert.throws(() => new ProcessSampler(0, '--pid'), (e: unknown) => isLoadlineError(e) && e.message.includes('--pid'));
});
