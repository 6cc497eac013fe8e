import { parse, type Node } from 'acorn';

/** An ESTree node as acorn gives it, read loosely: the analysis looks at fields by node type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type N = Node & Record<string, any>;

/** Parses a k6 module (ES module syntax, latest ECMAScript), keeping line numbers. */
export function parseModule(source: string): N {
  return parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true, allowAwaitOutsideFunction: false }) as N;
}

/** Child nodes of `node`, in source order. */
export function children(node: N): N[] {
  const out: N[] = [];
  for (const key in node) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const item of v) if (item && typeof item.type === 'string') out.push(item as N);
    } else if (v && typeof v === 'object' && typeof v.type === 'string') out.push(v as N);
  }
  return out;
}

/** Visits every node with its ancestors (nearest last); return false from `enter` to skip a subtree. */
export function walk(root: N, enter: (node: N, ancestors: readonly N[]) => boolean | void): void {
  const ancestors: N[] = [];
  const visit = (node: N) => {
    if (enter(node, ancestors) === false) return;
    ancestors.push(node);
    for (const child of children(node)) visit(child);
    ancestors.pop();
  };
  visit(root);
}

export function isFunction(node: N | undefined): boolean {
  return node !== undefined && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
}

/** 1-based line of a position in `source`. */
export function lineAt(source: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
