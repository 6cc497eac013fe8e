import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../core/index.js';
import { parseForeignArgs } from './foreignScenario.js';
import { parseCount, parseStage } from './loadFlags.js';

const artillery = { tool: 'artillery', evidence: 'test' } as const;

test('an Artillery file takes --stage as loadline scenarios do: a ramp down to 0/s is a rate of 0', () => {
  assert.deepEqual(parseStage('30s:0/s', true), { durationMs: 30_000, target: 0 });
  const args = parseForeignArgs('load.yml', artillery, { stage: ['10s:20/s', '30s:0/s'] });
  assert.equal(args.tool, 'artillery');
  assert.deepEqual(args.tool === 'artillery' ? args.options.stages : undefined, [
    { durationMs: 10_000, target: 20 },
    { durationMs: 30_000, target: 0 },
  ]);
});

test('a bad --stage or count names the flag, the value and the form expected', () => {
  for (const [text, open] of [['30s', true], ['soon:5', false], ['30s:2.5', false], ['30s:-1/s', true]] as const) {
    assert.throws(() => parseStage(text, open), (err: unknown) => isLoadlineError(err) && err.code === 'LOADLINE_INVALID_OPTION' && /--stage/.test(err.message) && err.message.includes(text) && /DURATION:/.test(err.message));
  }
  assert.throws(() => parseForeignArgs('load.yml', artillery, { vus: '0' }), (err: unknown) => isLoadlineError(err) && /--vus/.test(err.message) && /an integer of at least 1/.test(err.message));
  assert.equal(parseCount(undefined, '--seed', 0), undefined);
  assert.equal(parseCount(' 7 ', '--seed', 0), 7);
});
