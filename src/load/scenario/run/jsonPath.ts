/**
 * The JSON path subset captures and checks use: `$`, `.key`, `['key']`, `["key"]`, `[index]`
 * (negative counts from the end). Parsed once; `null` from `parseJsonPath` means the path can never
 * match anything, which the loader rejects.
 */
export type JsonPath = ReadonlyArray<string | number>;

const SEGMENT = /\.([A-Za-z_$][\w$-]*)|\[(-?\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;

/**
 * @example
 * parseJsonPath('$.items[0].id'); // ['items', 0, 'id']
 * parseJsonPath('token');         // ['token'] (the leading `$.` is optional)
 * parseJsonPath('$.');            // null
 */
export function parseJsonPath(text: string): JsonPath | null {
  let src = text.trim();
  if (src === '') return null;
  if (src.startsWith('$')) src = src.slice(1);
  else src = src.startsWith('[') ? src : `.${src}`;
  const out: Array<string | number> = [];
  let pos = 0;
  while (pos < src.length) {
    SEGMENT.lastIndex = pos;
    const m = SEGMENT.exec(src);
    if (!m) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push((m[3] ?? m[4]!).replace(/\\(.)/g, '$1'));
    pos = SEGMENT.lastIndex;
  }
  return out;
}

/** The value at `path` in `root`, or `undefined` when any step is missing. */
export function readJsonPath(root: unknown, path: JsonPath): unknown {
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = path[i]!;
    if (typeof key === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[key < 0 ? cur.length + key : key];
    } else {
      cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return cur;
}
