/** One templated field of a scenario and the variables its `{{ }}` read (first path segment each). */
export interface VariableUse {
  /** Field path in the scenario, `['flows', 0, 'steps', 1, 'request', 'headers', 'authorization']`. */
  path: ReadonlyArray<string | number>;
  variables: readonly string[];
}

/** The first variable no definition covers, with the closest defined name when one is near. */
export interface UndefinedVariable {
  use: VariableUse;
  variable: string;
  suggestion: string | undefined;
}

/**
 * Finds the first `{{ variable }}` (in the order of `uses`) that `defined` does not hold: a typo
 * would otherwise render as '' on every request. `defined` holds what a scenario file can define
 * statically: data file columns and capture variables.
 *
 * @example
 * findUndefinedVariable([{ path: ['headers', 'authorization'], variables: ['tokn'] }], new Set(['token']));
 * // { use: ..., variable: 'tokn', suggestion: 'token' }
 */
export function findUndefinedVariable(uses: readonly VariableUse[], defined: ReadonlySet<string>): UndefinedVariable | undefined {
  for (const use of uses) {
    for (const variable of use.variables) {
      if (!defined.has(variable)) return { use, variable, suggestion: closestName(variable, defined) };
    }
  }
  return undefined;
}

/**
 * The candidate nearest to `name` by edit distance (a swap of two neighbours counts as one edit),
 * when it is within a third of the name's length (at least 1); undefined when none is that close.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(d);
    }
  }
  return rows[a.length]![b.length]!;
}
