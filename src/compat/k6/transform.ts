import { LoadlineError } from '../../core/index.js';
import { walk, type N } from './ast.js';
import { declaredNames, type Analysis } from './analysis.js';
import type { K6Module } from './modules.js';

/** Parameters of every module factory: what the module body reads besides its own code. */
export const FACTORY_PARAMS = ['__k6import', '__k6export', '__k6exportAll', '__k6vu', '__k6seq', '__VU', '__ENV', 'open', 'console'] as const;

interface Edit {
  pos: number;
  /** End of the replaced range; `pos` for an insertion. */
  end: number;
  text: string;
  /** Order among edits at the same position: lower first. */
  rank: number;
}

/**
 * Rewrites one module of a k6 script into the body of a factory function (`FACTORY_PARAMS`) that
 * runs the module once per VU: imports become bindings read from `__k6import(id)`, exports
 * getters registered with `__k6export`, `__ITER` a read of the VU's iteration, functions that may
 * wait `async`, and calls that may wait `(await call)`, or for array methods with a waiting
 * callback `(await __k6seq.forEach(array, callback))`. Lines stay where they were, so errors and
 * stack traces name the script's own lines.
 */
export function transformModule(mod: K6Module, analysis: Analysis): string {
  const src = mod.source!;
  const ast = mod.ast!;
  const edits: Edit[] = [];
  // Replacements go after insertions at the same position (a call's closing parenthesis before `.forEach(` is replaced).
  const blank = (start: number, end: number) => edits.push({ pos: start, end, text: src.slice(start, end).replace(/[^\n]/g, ' '), rank: Number.MAX_SAFE_INTEGER });
  const replace = (start: number, end: number, text: string) => edits.push({ pos: start, end, text, rank: Number.MAX_SAFE_INTEGER });
  const insert = (pos: number, text: string, rank: number) => edits.push({ pos, end: pos, text, rank });

  const bindings: string[] = [];
  const exportGetters: string[] = [];
  const reexportAll: string[] = [];
  const idOf = (node: N) => JSON.stringify(mod.imports.find((i) => i.node === node)!.id);
  if (src.startsWith('#!')) blank(0, src.indexOf('\n') === -1 ? src.length : src.indexOf('\n'));

  for (const node of ast.body as N[]) {
    switch (node.type) {
      case 'ImportDeclaration': {
        const id = idOf(node);
        const named: string[] = [];
        for (const s of node.specifiers as N[]) {
          if (s.type === 'ImportDefaultSpecifier') bindings.push(`const ${s.local.name}=__k6import(${id}).default;`);
          else if (s.type === 'ImportNamespaceSpecifier') bindings.push(`const ${s.local.name}=__k6import(${id});`);
          else named.push(`${JSON.stringify(s.imported.type === 'Identifier' ? s.imported.name : s.imported.value)}:${s.local.name}`);
        }
        if (named.length) bindings.push(`const {${named.join(',')}}=__k6import(${id});`);
        if (node.specifiers.length === 0) bindings.push(`__k6import(${id});`);
        blank(node.start, node.end);
        break;
      }
      case 'ExportAllDeclaration':
        if (node.exported) exportGetters.push(`${JSON.stringify(exportedName(node.exported))}:()=>__k6import(${idOf(node)})`);
        else reexportAll.push(`__k6exportAll(__k6import(${idOf(node)}));`);
        blank(node.start, node.end);
        break;
      case 'ExportNamedDeclaration':
        if (node.source) {
          const id = idOf(node);
          for (const s of node.specifiers as N[]) exportGetters.push(`${JSON.stringify(exportedName(s.exported))}:()=>__k6import(${id})[${JSON.stringify(exportedName(s.local))}]`);
          blank(node.start, node.end);
        } else if (node.declaration) {
          for (const name of declaredNames(node.declaration)) exportGetters.push(`${JSON.stringify(name)}:()=>${name}`);
          blank(node.start, node.declaration.start);
        } else {
          for (const s of node.specifiers as N[]) exportGetters.push(`${JSON.stringify(exportedName(s.exported))}:()=>${s.local.name}`);
          blank(node.start, node.end);
        }
        break;
      case 'ExportDefaultDeclaration': {
        const d = node.declaration;
        if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
          exportGetters.push(`"default":()=>${d.id.name}`);
          blank(node.start, d.start);
        } else {
          exportGetters.push(`"default":()=>__k6default`);
          replace(node.start, d.start, 'const __k6default=');
          if (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') insert(node.end, ';', 0);
        }
        break;
      }
    }
  }

  walk(ast, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1];
    if (node.type === 'Identifier' && node.name === '__ITER' && isReference(node, parent)) {
      if (parent?.type === 'Property' && parent.shorthand) replace(node.start, node.end, '__ITER:__k6vu.iteration');
      else replace(node.start, node.end, '__k6vu.iteration');
    }
    if (analysis.waiting.has(node) && !node.async) {
      if (parent && (parent.type === 'Property' || parent.type === 'MethodDefinition') && parent.value === node && (parent.method || parent.type === 'MethodDefinition')) {
        if (parent.computed) throw new LoadlineError('LOADLINE_INVALID_FILE', `${mod.id}:${node.loc!.start.line}: a method with a computed name that makes requests or sleeps: give it a plain name`, { file: mod.id, line: node.loc!.start.line });
        insert(parent.key.start, 'async ', 5);
      } else insert(node.start, 'async ', 5);
    }
    const how = analysis.awaited.get(node);
    if (how !== undefined && !(parent?.type === 'AwaitExpression' && parent.argument === node)) {
      const length = node.end - node.start;
      if (how === 'sequential') {
        const callee = node.callee.type === 'ChainExpression' ? node.callee.expression : node.callee;
        insert(node.start, `(await __k6seq.${callee.property.name}(`, -length);
        replace(callee.object.end, node.arguments[0].start, ',');
        insert(node.end, ')', node.start);
      } else {
        insert(node.start, '(await ', -length);
        insert(node.end, ')', node.start);
      }
    }
  });

  edits.sort((a, b) => a.pos - b.pos || a.rank - b.rank);
  let out = '';
  let cursor = 0;
  for (const e of edits) {
    if (e.pos < cursor) continue;
    out += src.slice(cursor, e.pos) + e.text;
    cursor = e.end;
  }
  out += src.slice(cursor);
  const prologue = `"use strict";${bindings.join('')}{${reexportAll.join('')}__k6export({${exportGetters.join(',')}});`;
  return `${prologue}${out}\n}`;
}

function exportedName(node: N): string {
  return node.type === 'Identifier' ? node.name : String(node.value);
}

/** Whether an identifier reads a variable (not a property name, a key or a declaration). */
function isReference(node: N, parent: N | undefined): boolean {
  if (!parent) return true;
  if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.key === node && !parent.computed && !parent.shorthand) return false;
  if (parent.type === 'VariableDeclarator' && parent.id === node) return false;
  if ((parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression') && parent.id === node) return false;
  return true;
}
