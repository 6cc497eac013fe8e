/**
 * The scenario file's JSON Schema, in two variants: YAML (plain data) and module (TS/JS), where
 * functions are allowed at the places `model.ts` says. Functions are replaced by FUNCTION_MARK
 * before validation, since JSON Schema knows no functions.
 */
export const FUNCTION_MARK = '\u0000function';

const fn = { const: FUNCTION_MARK };
const str = { type: 'string' };
const nonEmpty = { type: 'string', minLength: 1 };
const stringMap = { type: 'object', additionalProperties: str };
const scalarMap = { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } };

function closed(properties: Record<string, object>, required: string[] = []): object {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** Builds the schema; `functions: true` for TS/JS modules. */
export function scenarioSchema(functions: boolean): object {
  const bodyCheck = closed({ contains: str, matches: str, json: nonEmpty, equals: {} });
  const check = closed({
    name: nonEmpty,
    status: { anyOf: [{ type: 'integer', minimum: 100, maximum: 599 }, { type: 'array', minItems: 1, items: { type: 'integer', minimum: 100, maximum: 599 } }] },
    header: closed({ name: nonEmpty, equals: str, matches: str, present: { type: 'boolean' } }, ['name']),
    body: functions ? { anyOf: [fn, bodyCheck] } : bodyCheck,
    maxDuration: nonEmpty,
    ...(functions ? { fn } : {}),
  });
  const capture = closed({ as: nonEmpty, json: str, header: str, regex: str, group: { type: 'integer', minimum: 0 }, default: str }, ['as']);
  const record = closed({ metric: nonEmpty, value: { anyOf: [{ enum: ['duration', 'ok', 'failed', 'status'] }, { type: 'number' }] }, tags: scalarMap }, ['metric', 'value']);
  const request = closed(
    {
      name: nonEmpty,
      method: { type: 'string', pattern: '^[A-Za-z]+$' },
      path: nonEmpty,
      headers: stringMap,
      query: scalarMap,
      json: {},
      form: scalarMap,
      body: str,
      timeout: nonEmpty,
      redirects: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'boolean' }] },
      capture: { type: 'array', items: { $ref: '#/$defs/capture' } },
      check: { type: 'array', items: { $ref: '#/$defs/check' } },
      record: { type: 'array', items: { $ref: '#/$defs/record' } },
    },
    ['path'],
  );
  const think = { anyOf: [nonEmpty, closed({ min: nonEmpty, max: nonEmpty }, ['min', 'max'])] };
  const step = {
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    properties: {
      request: { $ref: '#/$defs/request' },
      batch: { type: 'array', minItems: 1, items: { $ref: '#/$defs/request' } },
      think,
    },
    additionalProperties: false,
  };
  const threshold = {
    anyOf: [nonEmpty, closed({ threshold: nonEmpty, abortOnFail: { type: 'boolean' }, delayAbortEval: nonEmpty, level: { enum: ['error', 'warn'] } }, ['threshold'])],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: functions ? 'loadline.scenario.module' : 'loadline.scenario.yaml',
    type: 'object',
    $defs: { request, capture, check, record },
    properties: {
      name: nonEmpty,
      target: nonEmpty,
      headers: stringMap,
      cookies: { type: 'boolean' },
      data: {
        type: 'array',
        items: closed({ path: nonEmpty, fields: { type: 'array', items: nonEmpty, minItems: 1 }, order: { enum: ['sequential', 'random'] } }, ['path']),
      },
      metrics: { type: 'object', additionalProperties: { enum: ['counter', 'rate', 'trend', 'gauge'] } },
      thresholds: { type: 'object', additionalProperties: { type: 'array', minItems: 1, items: threshold } },
      flows: {
        type: 'array',
        minItems: 1,
        items: closed({ name: nonEmpty, weight: { type: 'number', exclusiveMinimum: 0 }, steps: { type: 'array', minItems: 1, items: step } }, ['name', 'steps']),
      },
      ...(functions ? { setup: fn, before: fn, teardown: fn } : {}),
    },
    required: ['flows'],
    additionalProperties: false,
  };
}
