import type { RunStats } from '../../load/index.js';

/** Distinct endpoint names kept; later ones share OVERFLOW_ENDPOINT, so ids in URLs cannot grow the stats without bound. */
export const MAX_ENDPOINTS = 1000;
export const OVERFLOW_ENDPOINT = '(other endpoints)';

/**
 * Endpoint indexes by name for scripts whose requests are only known when they are sent (k6's
 * URLs and `name` tags): the first request of a name registers it with the run's stats.
 */
export class EndpointTable {
  readonly #stats: RunStats;
  readonly #byName = new Map<string, number>();
  readonly #max: number;
  #warned = false;
  #other: number | undefined;

  constructor(stats: RunStats, max = MAX_ENDPOINTS) {
    this.#stats = stats;
    this.#max = max;
  }

  index(name: string, method: string, url?: string): number {
    const hit = this.#byName.get(name);
    if (hit !== undefined) return hit;
    if (this.#byName.size >= this.#max) {
      if (!this.#warned) {
        this.#warned = true;
        process.emitWarning(`more than ${this.#max} distinct endpoint names (URLs with ids in them?): later ones are counted together as "${OVERFLOW_ENDPOINT}"; give such requests a name tag`);
      }
      this.#other ??= this.#stats.addEndpoint(OVERFLOW_ENDPOINT);
      return this.#other;
    }
    const index = this.#stats.addEndpoint(name, method, url);
    this.#byName.set(name, index);
    return index;
  }
}
