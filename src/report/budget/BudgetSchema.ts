/**
 * JSON Schema of `loadline.budget.json` / `.yaml`. Unknown keys are rejected everywhere, so a
 * typo (`p59`, `gzipp`) is an error naming the file and field, never a silently unchecked budget.
 */
const size = { type: ['string', 'number'] };
const limitOf = (value: object) => ({
  oneOf: [value, { type: 'object', additionalProperties: false, minProperties: 1, properties: { warn: value, error: value } }],
});

export const budgetSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'loadline budget file',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    bundles: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: {
          name: { type: 'string' },
          files: { oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }] },
          preset: { enum: ['initial-js', 'css', 'total'] },
          raw: limitOf(size),
          gzip: limitOf(size),
          brotli: limitOf(size),
        },
      },
    },
    api: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          endpoint: { type: 'string', minLength: 1 },
          p95: limitOf({ type: ['string', 'number'] }),
          p99: limitOf({ type: ['string', 'number'] }),
          errorRate: limitOf({ type: ['string', 'number'] }),
          rps: limitOf({ type: 'number', minimum: 0 }),
        },
      },
    },
    slos: { type: 'array', items: { type: 'string' } },
    lighthouse: {
      type: 'object',
      additionalProperties: false,
      properties: {
        results: { type: 'string', minLength: 1 },
        fcp: limitOf({ type: ['string', 'number'] }),
        lcp: limitOf({ type: ['string', 'number'] }),
        cls: limitOf({ type: 'number', minimum: 0 }),
        tbt: limitOf({ type: ['string', 'number'] }),
        tti: limitOf({ type: ['string', 'number'] }),
      },
    },
  },
} as const;

/** A limit as written: one value (the error level) or `{ warn, error }`. */
export type LimitInput<T> = T | { warn?: T; error?: T };

/** The budget file as written, before units are resolved. */
export interface BudgetFileInput {
  bundles?: Array<{ name?: string; files: string | string[]; preset?: 'initial-js' | 'css' | 'total'; raw?: LimitInput<string | number>; gzip?: LimitInput<string | number>; brotli?: LimitInput<string | number> }>;
  api?: Array<{ endpoint?: string; p95?: LimitInput<string | number>; p99?: LimitInput<string | number>; errorRate?: LimitInput<string | number>; rps?: LimitInput<number> }>;
  slos?: string[];
  lighthouse?: { results?: string; fcp?: LimitInput<string | number>; lcp?: LimitInput<string | number>; cls?: LimitInput<number>; tbt?: LimitInput<string | number>; tti?: LimitInput<string | number> };
}
