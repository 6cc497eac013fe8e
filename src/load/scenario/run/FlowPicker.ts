import { checkNumber, invalidInput } from '../../../core/index.js';
import type { Random } from '../random.js';

/**
 * Picks a flow index by relative weight, one draw per iteration, with no allocation.
 *
 * @example
 * const picker = new FlowPicker([30, 50, 20], seededRandom(7));
 * picker.pick(); // 0, 1 or 2, in proportion 30:50:20
 */
export class FlowPicker {
  readonly #cumulative: Float64Array;
  readonly #total: number;
  readonly #rng: Random;

  constructor(weights: readonly number[], rng: Random) {
    if (weights.length === 0) throw invalidInput({ field: 'flows', value: weights, expected: 'at least one flow' });
    this.#cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += checkNumber(w, `flows[${i}].weight`, { above: 0 });
      this.#cumulative[i] = sum;
    });
    this.#total = sum;
    this.#rng = rng;
  }

  pick(): number {
    const n = this.#cumulative.length;
    if (n === 1) return 0;
    const x = this.#rng.next() * this.#total;
    for (let i = 0; i < n - 1; i++) if (x < this.#cumulative[i]!) return i;
    return n - 1;
  }
}
