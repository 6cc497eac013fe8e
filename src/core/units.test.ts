import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, parseDuration, parsePercent, parseRate } from './units.js';

test('parseDuration reads compound durations in milliseconds', () => {
  assert.equal(parseDuration('500ms', 'd'), 500);
  assert.equal(parseDuration('30s', 'd'), 30_000);
  assert.equal(parseDuration('2m', 'd'), 120_000);
  assert.equal(parseDuration('1h30m', 'd'), 5_400_000);
  assert.equal(parseDuration('1.5s', 'd'), 1500);
  assert.equal(parseDuration(250, 'd'), 250);
});

test('parseDuration rejects ambiguous or malformed values, naming the field', () => {
  for (const bad of ['30x', '30', '', 's', '1m x', -1, null, {}]) {
    assert.throws(() => parseDuration(bad, '--duration'), /--duration: got .*expected a duration such as 500ms, 30s/);
  }
  assert.throws(() => parseDuration('3y', 'stages[1].duration', { file: 'load.yaml', line: 7 }), /load\.yaml:7: stages\[1\]\.duration: got "3y"/);
});

test('parseRate reads events per second', () => {
  assert.equal(parseRate('200/s', 'r'), 200);
  assert.equal(parseRate('200', 'r'), 200);
  assert.equal(parseRate('6000/m', 'r'), 100);
  assert.equal(parseRate('10/5m', 'r'), 10 / 300);
  assert.equal(parseRate(50, 'r'), 50);
  for (const bad of ['0/s', '-5', '10/x', 'fast', '']) assert.throws(() => parseRate(bad, '--rate'), /--rate: got .*expected a positive rate/);
});

test('parseBytes and parsePercent', () => {
  assert.equal(parseBytes('500KB', 'b'), 500_000);
  assert.equal(parseBytes('1.5MiB', 'b'), 1_572_864);
  assert.equal(parseBytes(1024, 'b'), 1024);
  assert.throws(() => parseBytes('12 parsecs', 'maxBytes'), /maxBytes: got "12 parsecs"/);
  assert.equal(parsePercent('10%', 'm'), 0.1);
  assert.equal(parsePercent('0.1', 'm'), 0.1);
  assert.equal(parsePercent(10, 'm'), 0.1);
  assert.throws(() => parsePercent('ten', '--margin'), /--margin: got "ten", expected a percentage/);
});
