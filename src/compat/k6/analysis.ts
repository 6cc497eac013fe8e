import { LoadlineError } from '../../core/index.js';
import { isFunction, walk, type N } from './ast.js';
import type { K6Module } from './modules.js';

/** k6 calls that wait: a request, a pause, or a group (which runs its callback). */
const HTTP_WAITING = new Set(['get', 'post', 'put', 'patch', 'del', 'head', 'options', 'request', 'batch']);
const K6_WAITING = new Set(['sleep', 'group']);
/** Array methods whose callback loadline can run one call after another, awaiting each. */
export const SEQUENTIAL_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'reduce', 'reduceRight', 'flatMap']);

/** One function of the script, as the analysis sees it. */
export interface FnInfo {
  node: N;
  module: K6Module;
  /** The function it is written in; null at module level. */
  parent: FnInfo | null;
  /** Calls written directly in its body (not in nested functions). */
  calls: N[];
  /** Parameter names by position ('' for patterns). */
  params: string[];
  /** What kind of function it is where it is written: a getter, setter, constructor or generator cannot become async. */
  host: 'plain' | 'method' | 'getter' | 'setter' | 'constructor';
  /** Set when it is written as an argument of a call. */
  argOf?: { call: N; index: number };
}

interface ModuleScope {
  /** Local name -> imported module id and name (`default`, `*`, or the exported name). */
  imports: Map<string, { id: string; name: string }>;
  /** Exported name -> local name. */
  exports: Map<string, string>;
  /** Functions by the names they are bound to (declarations, `const f = () => {}`, `f = function () {}`). */
  byName: Map<string, FnInfo[]>;
}

/** What the transform needs: which functions become async, which calls are awaited and how. */
export interface Analysis {
  /** Functions that may reach a request, a pause or a group: they become async. */
  waiting: Set<N>;
  /** Calls that may wait, each awaited; `sequential` ones are array methods rewritten to await their callback. */
  awaited: Map<N, 'await' | 'sequential'>;
  fns: Map<N, FnInfo>;
  scopes: Map<K6Module, ModuleScope>;
}

/**
 * Finds the functions of a k6 script that may reach a call that waits (`http.get`, `sleep`,
 * `group`, ...), through direct calls, calls of helpers by name (across local modules), methods
 * by name, callbacks passed to user functions, `group` callbacks and array methods' callbacks.
 * They become async and every call that may reach them is awaited; a waiting function that
 * escapes where loadline cannot await it (a callback of an unknown function, a getter, a
 * constructor) is rejected with its line, before any load.
 */
export function analyze(modules: Iterable<K6Module>): Analysis {
  const fns = new Map<N, FnInfo>();
  const scopes = new Map<K6Module, ModuleScope>();
  const byMember = new Map<string, FnInfo[]>();
  const all: FnInfo[] = [];
  const topCalls: Array<{ call: N; module: K6Module }> = [];
  const userModules = [...modules].filter((m) => !m.builtin);

  for (const mod of userModules) {
    const scope: ModuleScope = { imports: new Map(), exports: new Map(), byName: new Map() };
    scopes.set(mod, scope);
    for (const imp of mod.imports) {
      const node = imp.node;
      if (node.type === 'ImportDeclaration') {
        for (const s of node.specifiers as N[]) {
          const name = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : importedName(s.imported);
          scope.imports.set(s.local.name, { id: imp.id, name });
        }
      }
    }
    collectExports(mod, scope);
    const stack: FnInfo[] = [];
    walk(mod.ast!, (node, ancestors) => {
      // Leaving functions: pop those that are no longer ancestors.
      while (stack.length && !ancestors.includes(stack[stack.length - 1]!.node)) stack.pop();
      if (isFunction(node)) {
        const parentNode = ancestors[ancestors.length - 1];
        const info: FnInfo = { node, module: mod, parent: stack[stack.length - 1] ?? null, calls: [], params: (node.params as N[]).map((p) => (p.type === 'Identifier' ? p.name : p.type === 'AssignmentPattern' && p.left.type === 'Identifier' ? p.left.name : '')), host: hostOf(node, parentNode) };
        if (parentNode?.type === 'CallExpression' && parentNode.callee !== node) info.argOf = { call: parentNode, index: (parentNode.arguments as N[]).indexOf(node) };
        fns.set(node, info);
        all.push(info);
        for (const name of bindingNames(node, parentNode)) add(scope.byName, name, info);
        for (const member of memberNames(node, parentNode)) add(byMember, member, info);
        stack.push(info);
      } else if (node.type === 'CallExpression') {
        const owner = stack[stack.length - 1];
        if (owner) owner.calls.push(node);
        else topCalls.push({ call: node, module: mod });
      }
    });
  }

  const waiting = new Set<N>();
  const waitingParams = new Map<FnInfo, Set<number>>();
  for (const info of all) if (info.node.async) waiting.add(info.node);

  /** The user functions a call may run, by name. */
  const targets = (call: N, mod: K6Module): FnInfo[] => {
    const callee = unwrap(call.callee);
    const scope = scopes.get(mod)!;
    if (callee.type === 'Identifier') return functionsNamed(callee.name, mod);
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      const obj = unwrap(callee.object);
      if (obj.type === 'Identifier') {
        const imp = scope.imports.get(obj.name);
        if (imp && imp.name === '*') {
          const target = [...scopes.keys()].find((m) => m.id === imp.id);
          return target ? exportedFunctions(target, callee.property.name) : [];
        }
      }
      return byMember.get(callee.property.name) ?? [];
    }
    return [];
  };
  const functionsNamed = (name: string, mod: K6Module, seen = new Set<string>()): FnInfo[] => {
    const scope = scopes.get(mod)!;
    const imp = scope.imports.get(name);
    if (imp !== undefined && imp.name !== '*') {
      const target = [...scopes.keys()].find((m) => m.id === imp.id);
      return target && !seen.has(`${imp.id}#${imp.name}`) ? exportedFunctions(target, imp.name, seen.add(`${imp.id}#${imp.name}`)) : [];
    }
    return scope.byName.get(name) ?? [];
  };
  const exportedFunctions = (mod: K6Module, exported: string, seen = new Set<string>()): FnInfo[] => {
    const local = scopes.get(mod)!.exports.get(exported);
    return local === undefined ? [] : functionsNamed(local, mod, seen);
  };
  /** A k6 call that waits, through the module's imports. */
  const isPrimitive = (call: N, mod: K6Module): boolean => {
    const callee = unwrap(call.callee);
    const imports = scopes.get(mod)!.imports;
    if (callee.type === 'Identifier') {
      const imp = imports.get(callee.name);
      return imp !== undefined && ((imp.id === 'k6/http' && HTTP_WAITING.has(imp.name)) || (imp.id === 'k6' && K6_WAITING.has(imp.name)));
    }
    if (callee.type === 'MemberExpression' && !callee.computed && unwrap(callee.object).type === 'Identifier') {
      const imp = imports.get(unwrap(callee.object).name);
      const prop = callee.property.name as string;
      if (imp === undefined || (imp.name !== 'default' && imp.name !== '*')) return false;
      return (imp.id === 'k6/http' && HTTP_WAITING.has(prop)) || (imp.id === 'k6' && K6_WAITING.has(prop));
    }
    return false;
  };
  /** The function a parameter call reaches: `fn()` where `fn` is a parameter of an enclosing function. */
  const paramOf = (name: string, from: FnInfo | null): { fn: FnInfo; index: number } | undefined => {
    for (let f = from; f; f = f.parent) {
      const i = f.params.indexOf(name);
      if (i !== -1) return { fn: f, index: i };
    }
    return undefined;
  };
  const argWaits = (arg: N, mod: K6Module): boolean => {
    const a = unwrap(arg);
    if (isFunction(a)) return waiting.has(a);
    if (a.type === 'Identifier') return functionsNamed(a.name, mod).some((f) => waiting.has(f.node));
    return false;
  };
  const isSequential = (call: N, mod: K6Module): boolean => {
    const callee = unwrap(call.callee);
    return callee.type === 'MemberExpression' && !callee.computed && SEQUENTIAL_METHODS.has(callee.property.name) && call.arguments.length > 0 && argWaits(call.arguments[0], mod);
  };
  const callWaits = (call: N, mod: K6Module, owner: FnInfo | null): boolean => {
    if (isPrimitive(call, mod) || isSequential(call, mod)) return true;
    const callee = unwrap(call.callee);
    if (callee.type === 'Identifier') {
      const param = paramOf(callee.name, owner);
      if (param) return waitingParams.get(param.fn)?.has(param.index) ?? false;
    }
    // A function the script wrote as async is called as written: k6 would give a promise there too.
    return targets(call, mod).some((t) => waiting.has(t.node) && !t.node.async);
  };

  for (let changed = true; changed; ) {
    changed = false;
    for (const info of all) {
      if (!waiting.has(info.node) && info.calls.some((c) => callWaits(c, info.module, info))) {
        waiting.add(info.node);
        changed = true;
      }
      for (const call of info.calls) changed = propagate(call, info.module) || changed;
    }
    for (const { call, module } of topCalls) changed = propagate(call, module) || changed;
  }
  function propagate(call: N, mod: K6Module): boolean {
    let changed = false;
    const args = call.arguments as N[];
    for (let i = 0; i < args.length; i++) {
      if (!argWaits(args[i]!, mod)) continue;
      for (const t of targets(call, mod)) {
        let set = waitingParams.get(t);
        if (set === undefined) waitingParams.set(t, (set = new Set()));
        if (!set.has(i)) {
          set.add(i);
          changed = true;
        }
      }
    }
    return changed;
  }

  const awaited = new Map<N, 'await' | 'sequential'>();
  for (const info of all) {
    if (!waiting.has(info.node)) continue;
    const file = info.module.id;
    if (info.node.generator) throw cannotWait(file, info.node, 'a generator function');
    if (info.host === 'getter' || info.host === 'setter' || info.host === 'constructor') throw cannotWait(file, info.node, `a ${info.host}`);
    for (const call of info.calls) {
      if (!callWaits(call, info.module, info)) continue;
      awaited.set(call, isSequential(call, info.module) && !isPrimitive(call, info.module) ? 'sequential' : 'await');
    }
  }
  // A waiting function passed where nothing awaits it would run on without its requests finishing.
  const checkArgs = (call: N, mod: K6Module) => {
    const args = call.arguments as N[];
    for (let i = 0; i < args.length; i++) {
      if (!argWaits(args[i]!, mod)) continue;
      if (isPrimitive(call, mod) || isSequential(call, mod) || (i === 0 && awaited.get(call) === 'sequential')) continue;
      if (targets(call, mod).length > 0) continue;
      throw new LoadlineError(
        'LOADLINE_INVALID_FILE',
        `${mod.id}:${call.loc!.start.line}: a function that makes requests or sleeps is passed to ${calleeText(call)}, which loadline cannot make wait for it: k6 code is synchronous and loadline runs it on an asynchronous engine (docs/compat.md). Call it directly, or from group(), a for loop or an array method (forEach, map, ...)`,
        { file: mod.id, line: call.loc!.start.line, expected: 'requests in functions that are called directly, in group() callbacks, loops or array methods' },
      );
    }
  };
  for (const info of all) for (const call of info.calls) checkArgs(call, info.module);
  for (const { call, module } of topCalls) {
    checkArgs(call, module);
    if (isPrimitive(call, module) || targets(call, module).some((t) => waiting.has(t.node))) {
      throw new LoadlineError('LOADLINE_INVALID_FILE', `${module.id}:${call.loc!.start.line}: ${calleeText(call)} in the init context (module level): as in k6, requests, sleep and group belong in the default function, setup or teardown`, {
        file: module.id,
        line: call.loc!.start.line,
        expected: 'requests inside functions',
      });
    }
  }
  return { waiting, awaited, fns, scopes };
}

function cannotWait(file: string, node: N, what: string): LoadlineError {
  return new LoadlineError('LOADLINE_INVALID_FILE', `${file}:${node.loc!.start.line}: ${what} that makes requests or sleeps: loadline makes such functions async (docs/compat.md), which ${what} cannot be; move the requests into a plain function`, {
    file,
    line: node.loc!.start.line,
    expected: 'requests in plain functions or methods',
  });
}

function unwrap(node: N): N {
  let n = node;
  while (n.type === 'ChainExpression' || n.type === 'ParenthesizedExpression') n = n.expression;
  return n;
}

function importedName(node: N): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

function calleeText(call: N): string {
  const c = unwrap(call.callee);
  if (c.type === 'Identifier') return `${c.name}()`;
  if (c.type === 'MemberExpression' && !c.computed) {
    const o = unwrap(c.object);
    return `${o.type === 'Identifier' ? `${o.name}.` : o.type === 'ThisExpression' ? 'this.' : '.'}${c.property.name}()`;
  }
  return 'a function';
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function hostOf(node: N, parent: N | undefined): FnInfo['host'] {
  if (parent?.type === 'MethodDefinition' && parent.value === node) return parent.kind === 'constructor' ? 'constructor' : parent.kind === 'get' ? 'getter' : parent.kind === 'set' ? 'setter' : 'method';
  if (parent?.type === 'Property' && parent.value === node) return parent.kind === 'get' ? 'getter' : parent.kind === 'set' ? 'setter' : parent.method ? 'method' : 'plain';
  return 'plain';
}

/** Names a function can be called by as a plain identifier. */
function bindingNames(node: N, parent: N | undefined): string[] {
  const out: string[] = [];
  if (node.id?.type === 'Identifier') out.push(node.id.name);
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') out.push(parent.id.name);
  if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'Identifier') out.push(parent.left.name);
  if (parent?.type === 'ExportDefaultDeclaration') out.push('__k6default');
  return out;
}

/** Names a function can be called by as a method: `obj.name()`. */
function memberNames(node: N, parent: N | undefined): string[] {
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === node && !parent.computed) {
    return [parent.key.type === 'Identifier' ? parent.key.name : String(parent.key.value)];
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === node && parent.left.type === 'MemberExpression' && !parent.left.computed) return [parent.left.property.name];
  return [];
}

function collectExports(mod: K6Module, scope: ModuleScope): void {
  for (const node of mod.ast!.body as N[]) {
    if (node.type === 'ExportDefaultDeclaration') {
      const d = node.declaration;
      scope.exports.set('default', (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id ? d.id.name : '__k6default');
    } else if (node.type === 'ExportNamedDeclaration' && !node.source) {
      if (node.declaration) for (const name of declaredNames(node.declaration)) scope.exports.set(name, name);
      for (const s of node.specifiers as N[]) scope.exports.set(importedName(s.exported), s.local.name);
    } else if (node.type === 'ExportNamedDeclaration' && node.source) {
      const id = mod.imports.find((i) => i.node === node)?.id ?? '';
      for (const s of node.specifiers as N[]) {
        const local = `__k6reexport_${importedName(s.exported)}`;
        scope.exports.set(importedName(s.exported), local);
        scope.imports.set(local, { id, name: importedName(s.local) });
      }
    }
  }
}

/** Names a declaration binds (function, class, variables with destructuring). */
export function declaredNames(decl: N): string[] {
  if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') return decl.id ? [decl.id.name] : [];
  if (decl.type === 'VariableDeclaration') return (decl.declarations as N[]).flatMap((d) => patternNames(d.id));
  return [];
}

function patternNames(p: N): string[] {
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'ObjectPattern':
      return (p.properties as N[]).flatMap((q) => patternNames(q.type === 'RestElement' ? q.argument : q.value));
    case 'ArrayPattern':
      return (p.elements as Array<N | null>).flatMap((e) => (e ? patternNames(e) : []));
    case 'AssignmentPattern':
      return patternNames(p.left);
    case 'RestElement':
      return patternNames(p.argument);
    default:
      return [];
  }
}
