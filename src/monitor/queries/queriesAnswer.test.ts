import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queriesAnswer, topOf } from './queriesAnswer.js';

test('the HTTP answer drops parameter values and plans, and replaces the literals PostgreSQL prints into a finding', () => {
  let askedTop: number | undefined;
  const source = {
    snapshot: (o?: { top?: number }) => {
      askedTop = o?.top;
      return {
        format: 'loadline.db.queries',
        statements: [{ id: 'a', text: 'select * from posts2 where email = $1' }],
        slow: [{ statement: 'select * from posts2 where email = $1', paramCount: 1, params: ['alice@example.com'] }],
        explains: [
          {
            ok: true,
            plan: [{ Plan: { Filter: "(email = 'alice@example.com'::text)" } }],
            findings: [{ kind: 'full-scan', table: 'public.posts2', detail: "Seq Scan on posts2, Filter: ((email = 'alice@example.com'::text) AND (topic_id = 5) AND (score > -1.5e3))" }],
          },
        ],
      };
    },
    reportTo: () => () => undefined,
  };
  const answer = queriesAnswer(source, 7) as any;
  assert.equal(askedTop, 7);
  assert.doesNotMatch(JSON.stringify(answer), /alice|\b5\b|1\.5e3/);
  assert.deepEqual(answer.slow, [{ statement: 'select * from posts2 where email = $1', paramCount: 1 }]);
  assert.equal('plan' in answer.explains[0], false);
  assert.equal(answer.explains[0].findings[0].detail, "Seq Scan on posts2, Filter: ((email = '?'::text) AND (topic_id = ?) AND (score > ?))");
  assert.equal(answer.explains[0].findings[0].table, 'public.posts2');
  assert.deepEqual(answer.statements, [{ id: 'a', text: 'select * from posts2 where email = $1' }]);
});

test('?top= takes an integer from 1 to 500, else the default 50', () => {
  assert.equal(topOf(new URLSearchParams('top=5')), 5);
  for (const bad of ['top=0', 'top=501', 'top=2.5', 'top=x', '']) assert.equal(topOf(new URLSearchParams(bad)), 50, bad);
});
