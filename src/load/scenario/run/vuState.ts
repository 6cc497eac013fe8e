import type { CookieJar } from './CookieJar.js';
import type { MetricRegistry, MetricTags } from '../metrics/MetricRegistry.js';
import type { VuContext } from '../model.js';
import type { Random } from '../random.js';
import type { CompiledRequest } from './request.js';
import type { RequestSpec } from '../../http/types.js';
import type { TemplateScope } from '../compile/template.js';

/** One virtual user's state, as the engine keeps it and the runtime pieces read it. */
export interface VuState extends TemplateScope, VuContext {
  /** 1-based VU number. */
  id: number;
  /** Captures, data rows, variables set by hooks. */
  vars: Record<string, unknown>;
  rng: Random;
  /** What `setup` returned. */
  data: unknown;
  /** This VU's cookies; undefined when the scenario turned cookies off. */
  cookies: CookieJar | undefined;
  /** Host (no port) and scheme of the target, for cookie matching. */
  origin: { host: string; secure: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Records into the run's custom metrics, in the series of `tags` when given (a no-op without a registry or while not `measuring`). */
  record(metric: string, value: number | boolean, tags?: MetricTags): void;
  /**
   * False while the response being handled is not measured (warm-up, or cut when the run closed):
   * then `record` drops its value, as the run's own statistics drop that request. Default true.
   */
  measuring: boolean;
  /**
   * The last spec `buildRequest` made for each step of this VU: when nothing rendered differently,
   * the same object is returned, so the wire client reuses its encoded bytes.
   */
  readonly lastSpecs: Map<CompiledRequest, RequestSpec>;
}

/**
 * @example
 * const vu = createVuState({ id: 1, target: 'http://127.0.0.1:3000', rng: seededRandom(1), cookies: new CookieJar() });
 */
export function createVuState(options: {
  id: number;
  target: string;
  rng: Random;
  cookies?: CookieJar;
  data?: unknown;
  vars?: Record<string, unknown>;
  metrics?: MetricRegistry;
}): VuState {
  const metrics = options.metrics;
  const url = new URL(options.target);
  const vu: VuState = {
    id: options.id,
    vars: options.vars ?? {},
    rng: options.rng,
    data: options.data,
    cookies: options.cookies,
    origin: { host: url.hostname.replace(/^\[|\]$/g, ''), secure: url.protocol === 'https:' },
    env: process.env,
    record: metrics ? (metric, value, tags) => {
      if (vu.measuring) metrics.add(metric, value, tags);
    } : () => {},
    measuring: true,
    lastSpecs: new Map(),
  };
  return vu;
}
