/**
 * What the transform calls for an array method whose callback may wait
 * (`responses.forEach((r) => check(...))` where the callback makes a request): the same method,
 * run one element after another, awaiting each call, with the same arguments and result. A value
 * that is not an array (a Map or Set's forEach, an array-like) is handled by its own iteration.
 */
type Callback = (value: unknown, index: number, array: unknown) => unknown;

function items(target: unknown): unknown[] {
  if (Array.isArray(target)) return target;
  if (target !== null && typeof target === 'object' && typeof (target as { forEach?: unknown }).forEach === 'function' && !(Symbol.iterator in (target as object) && 'length' in (target as object))) {
    const out: unknown[] = [];
    (target as { forEach(cb: (v: unknown) => void): void }).forEach((v) => out.push(v));
    return out;
  }
  return Array.from(target as ArrayLike<unknown>);
}

export const sequential = {
  async forEach(target: unknown, fn: Callback, thisArg?: unknown): Promise<void> {
    if (target instanceof Map) {
      for (const [k, v] of [...target]) await fn.call(thisArg, v, k as number, target);
      return;
    }
    const list = items(target);
    for (let i = 0; i < list.length; i++) await fn.call(thisArg, list[i], i, target);
  },
  async map(target: unknown, fn: Callback, thisArg?: unknown): Promise<unknown[]> {
    const list = items(target);
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = await fn.call(thisArg, list[i], i, target);
    return out;
  },
  async flatMap(target: unknown, fn: Callback, thisArg?: unknown): Promise<unknown[]> {
    return (await sequential.map(target, fn, thisArg)).flat(1);
  },
  async filter(target: unknown, fn: Callback, thisArg?: unknown): Promise<unknown[]> {
    const list = items(target);
    const out: unknown[] = [];
    for (let i = 0; i < list.length; i++) if (await fn.call(thisArg, list[i], i, target)) out.push(list[i]);
    return out;
  },
  async some(target: unknown, fn: Callback, thisArg?: unknown): Promise<boolean> {
    const list = items(target);
    for (let i = 0; i < list.length; i++) if (await fn.call(thisArg, list[i], i, target)) return true;
    return false;
  },
  async every(target: unknown, fn: Callback, thisArg?: unknown): Promise<boolean> {
    const list = items(target);
    for (let i = 0; i < list.length; i++) if (!(await fn.call(thisArg, list[i], i, target))) return false;
    return true;
  },
  async find(target: unknown, fn: Callback, thisArg?: unknown): Promise<unknown> {
    const list = items(target);
    for (let i = 0; i < list.length; i++) if (await fn.call(thisArg, list[i], i, target)) return list[i];
    return undefined;
  },
  async findIndex(target: unknown, fn: Callback, thisArg?: unknown): Promise<number> {
    const list = items(target);
    for (let i = 0; i < list.length; i++) if (await fn.call(thisArg, list[i], i, target)) return i;
    return -1;
  },
  async findLast(target: unknown, fn: Callback, thisArg?: unknown): Promise<unknown> {
    const list = items(target);
    for (let i = list.length - 1; i >= 0; i--) if (await fn.call(thisArg, list[i], i, target)) return list[i];
    return undefined;
  },
  async findLastIndex(target: unknown, fn: Callback, thisArg?: unknown): Promise<number> {
    const list = items(target);
    for (let i = list.length - 1; i >= 0; i--) if (await fn.call(thisArg, list[i], i, target)) return i;
    return -1;
  },
  async reduce(target: unknown, fn: (acc: unknown, value: unknown, index: number, array: unknown) => unknown, ...init: unknown[]): Promise<unknown> {
    const list = items(target);
    let i = 0;
    let acc: unknown;
    if (init.length > 0) acc = init[0];
    else {
      if (list.length === 0) throw new TypeError('Reduce of empty array with no initial value');
      acc = list[i++];
    }
    for (; i < list.length; i++) acc = await fn(acc, list[i], i, target);
    return acc;
  },
  async reduceRight(target: unknown, fn: (acc: unknown, value: unknown, index: number, array: unknown) => unknown, ...init: unknown[]): Promise<unknown> {
    const list = items(target);
    let i = list.length - 1;
    let acc: unknown;
    if (init.length > 0) acc = init[0];
    else {
      if (list.length === 0) throw new TypeError('Reduce of empty array with no initial value');
      acc = list[i--];
    }
    for (; i >= 0; i--) acc = await fn(acc, list[i], i, target);
    return acc;
  },
};
