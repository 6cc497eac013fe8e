import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../core/index.js';
import { LeakDetector } from './LeakDetector.js';

const MB = 1_000_000;

/**
 * A heap under load: every 5 s the application allocates 4-12 MB of garbage; when the heap passes
 * 120 MB a major GC runs and brings it back to the live set plus 0-6 MB it could not reclaim yet.
 * `leakMbPerHour` grows the live set. The detector sees only the post-GC values, as in production.
 */
function simulate(leakMbPerHour: number, hours: number, seed: number): LeakDetector {
  const clock = new FakeClock();
  const detector = new LeakDetector({ windowMs: hours * 3_600_000, clock });
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let heap = 60 * MB;
  for (let t = 0; t < hours * 3_600_000; t += 5000) {
    clock.advance(5000);
    heap += (4 + 8 * random()) * MB;
    if (heap > 120 * MB) {
      const live = 60 * MB + (leakMbPerHour * MB * clock.now()) / 3_600_000;
      heap = live + 6 * random() * MB;
      detector.record(heap);
    }
  }
  return detector;
}

test('a 12 MB/h leak under a GC sawtooth is reported as 12 ± 1.2 MB/h and flagged', () => {
  for (const seed of [1, 7, 42]) {
    const report = simulate(12, 2, seed).report();
    assert.ok(Math.abs(report.slopeMbPerHour - 12) <= 1.2, `seed ${seed}: ${report.slopeMbPerHour} MB/h`);
    assert.equal(report.flagged, true);
    assert.ok(report.samples > 100);
  }
});

test('a sawtooth alone is not flagged', () => {
  for (const seed of [1, 7, 42]) {
    const report = simulate(0, 2, seed).report();
    assert.equal(report.flagged, false, `seed ${seed}: ${report.slopeMbPerHour} MB/h ± ${report.stderrMbPerHour}`);
    assert.ok(Math.abs(report.slopeMbPerHour) < 1.2);
  }
});

test('too few samples or too short a span report nothing flagged', () => {
  const clock = new FakeClock();
  const d = new LeakDetector({ clock, minSpanMs: 600_000 });
  assert.deepEqual(d.report(), { slopeMbPerHour: 0, stderrMbPerHour: 0, samples: 0, spanMs: 0, flagged: false });
  for (let i = 0; i < 20; i++) {
    clock.advance(10_000);
    d.record(100 * MB + i * MB);
  }
  const r = d.report();
  assert.ok(r.slopeMbPerHour > 300);
  assert.equal(r.flagged, false, 'only 190 s of samples');
});

test('samples older than the window are dropped; options are validated', () => {
  const clock = new FakeClock();
  const d = new LeakDetector({ clock, windowMs: 60_000 });
  for (let i = 0; i < 100; i++) {
    clock.advance(1000);
    d.record(MB);
  }
  assert.equal(d.report().samples, 61);
  assert.throws(() => new LeakDetector({ windowMs: 0 }), /leak.windowMs: got 0, expected a finite number greater than 0/);
});
