/**
 * The part of gjson's path syntax k6 scripts use with `response.json(selector)`: dotted keys
 * (`user.name`), array indexes (`items.0.id`), `#` for an array's length (`items.#`),
 * `items.#.id` for that key of every element, and `\.` for a dot inside a key. Missing paths
 * give `undefined`, as k6.
 *
 * @example
 * readGjson({ items: [{ id: 7 }] }, 'items.0.id'); // 7
 * readGjson({ items: [1, 2] }, 'items.#');         // 2
 */
export function readGjson(root: unknown, path: string): unknown {
  const parts = splitPath(path);
  return read(root, parts, 0);
}

function read(cur: unknown, parts: string[], i: number): unknown {
  if (i === parts.length) return cur;
  const key = parts[i]!;
  if (Array.isArray(cur)) {
    if (key === '#') {
      if (i === parts.length - 1) return cur.length;
      return cur.map((item) => read(item, parts, i + 1)).filter((v) => v !== undefined);
    }
    if (!/^\d+$/.test(key)) return undefined;
    return read(cur[Number(key)], parts, i + 1);
  }
  if (cur === null || typeof cur !== 'object') return undefined;
  if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
  return read((cur as Record<string, unknown>)[key], parts, i + 1);
}

function splitPath(path: string): string[] {
  const out: string[] = [];
  let part = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) part += path[++i];
    else if (c === '.') {
      out.push(part);
      part = '';
    } else part += c;
  }
  out.push(part);
  return out;
}
