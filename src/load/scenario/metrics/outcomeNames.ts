/** What naming needs of a request step: its endpoint name, its checks' names and its captures' variables. */
export interface NamedRequest {
  readonly name: string;
  readonly checks: ReadonlyArray<{ readonly name: string }>;
  readonly captures: ReadonlyArray<{ readonly as: string }>;
}

/** The names a request's checks and captures are counted under, in their order. */
export interface OutcomeNames {
  checks: string[];
  captures: string[];
}

/**
 * The names under which each request's checks and captures are counted and reported. A name is
 * kept as it is unless two endpoints use it: then each is prefixed with its endpoint
 * (`login: status is 200`, `items: status is 200`), so a failing check always says which request
 * it tests. Requests of the same endpoint name (the same step in two flows) share their counts,
 * as they share the endpoint's statistics; a name repeated within one request is numbered
 * (`ok #2`). Deterministic, so every worker thread names the same check the same way.
 *
 * @example
 * outcomeNames([login, items]).get(login)!.checks; // ['login: status is 200', 'json $.token exists']
 */
export function outcomeNames<R extends NamedRequest>(requests: readonly R[]): Map<R, OutcomeNames> {
  const checks = uniqueNames(requests, (r) => r.checks.map((c) => c.name));
  const captures = uniqueNames(requests, (r) => r.captures.map((c) => c.as));
  const out = new Map<R, OutcomeNames>();
  requests.forEach((r, i) => out.set(r, { checks: checks[i]!, captures: captures[i]! }));
  return out;
}

function uniqueNames<R extends NamedRequest>(requests: readonly R[], namesOf: (r: R) => string[]): string[][] {
  const endpointsOf = new Map<string, Set<string>>();
  for (const r of requests) {
    for (const name of namesOf(r)) {
      let set = endpointsOf.get(name);
      if (set === undefined) endpointsOf.set(name, (set = new Set()));
      set.add(r.name);
    }
  }
  return requests.map((r) => {
    const seen = new Map<string, number>();
    return namesOf(r).map((name) => {
      const base = endpointsOf.get(name)!.size > 1 ? `${r.name}: ${name}` : name;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return n === 1 ? base : `${base} #${n}`;
    });
  });
}
