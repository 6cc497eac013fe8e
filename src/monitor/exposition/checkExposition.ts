/**
 * Checks Prometheus text exposition for what `promtool check metrics` lets through: duplicate
 * samples, histogram buckets that decrease, histograms without a `+Inf` bucket or whose `+Inf`
 * bucket differs from `_count`, and negative counters. Returns one line per problem, empty when
 * the text is sound.
 *
 * @example
 * assert.deepEqual(checkExposition(monitor.renderPrometheus()), []);
 */
export function checkExposition(text: string): string[] {
  const problems: string[] = [];
  const types = new Map<string, string>();
  const seen = new Set<string>();
  // histogram series (name + labels without le) -> buckets in order of appearance, and +Inf
  const buckets = new Map<string, Array<{ le: number; value: number }>>();
  const counts = new Map<string, number>();
  const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      if (name && type) types.set(name, type);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) {
      problems.push(`unparsable line: ${line}`);
      continue;
    }
    const [, name = '', , labelText = '', rawValue = ''] = m;
    const value = rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : Number(rawValue);
    const labels = parseLabels(labelText);
    const key = `${name}{${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).sort().join(',')}}`;
    if (seen.has(key)) problems.push(`duplicate sample ${key}`);
    seen.add(key);
    const base = name.replace(/_(bucket|sum|count|total)$/, '');
    const type = types.get(name) ?? types.get(base);
    if (type === 'counter' && !(value >= 0)) problems.push(`negative or NaN counter ${key} = ${rawValue}`);
    if (type === 'histogram') {
      const seriesKey = `${base}{${labels.filter(([k]) => k !== 'le').map(([k, v]) => `${k}=${JSON.stringify(v)}`).sort().join(',')}}`;
      if (name.endsWith('_bucket')) {
        const le = labels.find(([k]) => k === 'le')?.[1];
        if (le === undefined) problems.push(`bucket without le: ${key}`);
        else {
          const list = buckets.get(seriesKey) ?? [];
          list.push({ le: le === '+Inf' ? Infinity : Number(le), value });
          buckets.set(seriesKey, list);
        }
      } else if (name.endsWith('_count')) {
        counts.set(seriesKey, value);
        if (!(value >= 0)) problems.push(`negative histogram count ${key}`);
      }
    }
  }
  for (const [series, list] of buckets) {
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.le <= list[i - 1]!.le) problems.push(`buckets of ${series} not in ascending le order`);
      if (list[i]!.value < list[i - 1]!.value) problems.push(`bucket counts of ${series} decrease at le=${list[i]!.le}`);
    }
    const inf = list.find((b) => b.le === Infinity);
    if (!inf) problems.push(`histogram ${series} has no +Inf bucket`);
    else if (counts.has(series) && counts.get(series) !== inf.value) problems.push(`histogram ${series}: +Inf bucket ${inf.value} differs from _count ${counts.get(series)}`);
  }
  return problems;
}

function parseLabels(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;
  let m: RegExpExecArray | null;
  LABEL.lastIndex = 0;
  while ((m = LABEL.exec(text)) !== null) out.push([m[1]!, m[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\')]);
  return out;
}
