import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoadlineError } from '../../../core/index.js';
import { compileTemplate } from './template.js';
import { seededRandom } from '../random.js';

const scope = (vars: Record<string, unknown> = {}, seed = 1) => ({ vars, rng: seededRandom(seed) });

test('variables, dotted paths and unset variables', () => {
  const t = compileTemplate('/users/{{ id }}/{{user.email}}?x={{ missing }}');
  assert.equal(t.constant, undefined);
  assert.equal(t.render(scope({ id: 7, user: { email: 'a@b' } })), '/users/7/a@b?x=');
});

test('a template without {{ }} is a constant', () => {
  const t = compileTemplate('/plain');
  assert.equal(t.constant, '/plain');
  assert.equal(t.render(scope()), '/plain');
});

test('$env is read at compile time; unset renders empty', () => {
  const t = compileTemplate('{{ $env.HOST }}:{{ $env.NOT_SET }}', {}, { HOST: 'h' });
  assert.equal(t.constant, 'h:');
});

test('functions are deterministic for a seed and have the documented shapes', () => {
  const t = compileTemplate('{{ $randomString() }}|{{ $randomString(4) }}|{{ $randomInt(1,100) }}|{{ $uuid() }}');
  const a = t.render(scope({}, 42));
  assert.equal(a, t.render(scope({}, 42)));
  assert.notEqual(a, t.render(scope({}, 43)));
  const [s10, s4, int, uuid] = a.split('|');
  assert.match(s10!, /^[A-Za-z0-9]{10}$/);
  assert.match(s4!, /^[A-Za-z0-9]{4}$/);
  assert.ok(Number(int) >= 1 && Number(int) <= 100);
  assert.match(uuid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('$randomInt covers both bounds', () => {
  const t = compileTemplate('{{ $randomInt(1,3) }}');
  const s = scope({}, 9);
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(t.render(s));
  assert.deepEqual([...seen].sort(), ['1', '2', '3']);
});

test('value() keeps the type of a lone expression', () => {
  assert.equal(compileTemplate('{{ qty }}').value(scope({ qty: 3 })), 3);
  assert.equal(compileTemplate('n{{ qty }}').value(scope({ qty: 3 })), 'n3');
});

test('bad templates throw naming field and expectation', () => {
  for (const [text, why] of [
    ['{{ $nope() }}', /unknown function \$nope/],
    ['{{ a', /unclosed/],
    ['{{ }}', /empty/],
    ['{{ $randomInt(5,1) }}', /min <= max/],
    ['{{ a b }}', /cannot read/],
  ] as const) {
    assert.throws(() => compileTemplate(text, { field: 'path', file: 'x.yaml', line: 3 }), (err) => {
      assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'));
      assert.match(err.message, /^x\.yaml:3: path: got /);
      assert.match(err.message, why);
      return true;
    });
  }
});
