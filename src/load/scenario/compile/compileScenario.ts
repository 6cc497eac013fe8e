import { invalidInput } from '../../../core/index.js';
import { Feeder } from './feeder.js';
import { FlowPicker } from '../run/FlowPicker.js';
import type { NormalizedScenario } from './normalizedModel.js';
import { mathRandom, type Random } from '../random.js';
import { compileRequest, type CompiledRequest } from '../run/request.js';
import { compileTemplate } from './template.js';
import type { ThinkRange } from '../run/thinkTime.js';

export type CompiledStep =
  | { kind: 'request'; request: CompiledRequest }
  | { kind: 'batch'; requests: CompiledRequest[] }
  | { kind: 'think'; think: ThinkRange };

export interface CompiledFlow {
  name: string;
  weight: number;
  steps: CompiledStep[];
}

/** A scenario ready to run in one process or worker: templates parsed, requests prebuilt. */
export interface CompiledScenario {
  source: NormalizedScenario;
  /** The target origin, rendered (`--target` wins over the scenario's). */
  target: string;
  flows: CompiledFlow[];
  /** Endpoint names in step order, each once. */
  endpoints: string[];
  /** A flow picker on `rng`. */
  picker(rng: Random): FlowPicker;
  /** One feeder per data file, for worker `worker` of `workers`. */
  feeders(options?: { rng?: Random; worker?: number; workers?: number }): Feeder[];
}

export interface CompileOptions {
  /** Target origin overriding the scenario's (`--target`); one of the two is required. */
  target?: string;
}

/**
 * Compiles a normalized scenario for the engine.
 *
 * @example
 * const compiled = compileScenario(await loadScenario('checkout.yaml'), { target: 'http://127.0.0.1:3000' });
 * const flow = compiled.flows[compiled.picker(rng).pick()];
 */
export function compileScenario(scenario: NormalizedScenario, options: CompileOptions = {}): CompiledScenario {
  const rawTarget = options.target ?? (scenario.target === undefined ? undefined : compileTemplate(scenario.target, { file: scenario.file, field: 'target' }).render({ vars: {}, rng: mathRandom }));
  if (!rawTarget) throw invalidInput({ field: 'target', file: scenario.file, expected: 'a target origin in the scenario or given with --target' }, 'LOADLINE_INVALID_FILE');
  let target: string;
  try {
    const url = new URL(rawTarget);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    target = url.origin;
  } catch {
    throw invalidInput({ field: 'target', file: scenario.file, value: rawTarget, expected: 'an origin such as http://127.0.0.1:3000' }, 'LOADLINE_INVALID_FILE');
  }
  const endpoints = new Set<string>();
  const flows = scenario.flows.map((f) => ({
    name: f.name,
    weight: f.weight,
    steps: f.steps.map((s): CompiledStep => {
      if (s.kind === 'think') return { kind: 'think', think: { minMs: s.minMs, maxMs: s.maxMs } };
      if (s.kind === 'request') {
        endpoints.add(s.request.name);
        return { kind: 'request', request: compileRequest(s.request, scenario.headers) };
      }
      for (const r of s.requests) endpoints.add(r.name);
      return { kind: 'batch', requests: s.requests.map((r) => compileRequest(r, scenario.headers)) };
    }),
  }));
  const weights = flows.map((f) => f.weight);
  return {
    source: scenario,
    target,
    flows,
    endpoints: [...endpoints],
    picker: (rng) => new FlowPicker(weights, rng),
    feeders: (o = {}) => scenario.data.map((d) => new Feeder(d.rows, { order: d.order, rng: o.rng, worker: o.worker, workers: o.workers })),
  };
}
