import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoadlineError } from '../../core/index.js';
import { parseModule, walk, type N } from './ast.js';

/** The k6 modules loadline provides, and the jslib helpers it resolves by URL without fetching them. */
export const BUILTIN_MODULES = ['k6', 'k6/http', 'k6/metrics', 'k6/data', 'k6/execution', 'k6/encoding', 'k6/crypto'] as const;
const JSLIB = /^https:\/\/jslib\.k6\.io\/(k6-summary|k6-utils)\/[\w.-]+\/index\.js$/;

/** One module of a k6 script: the entry, a local file it imports, or one loadline provides. */
export interface K6Module {
  /** Absolute path for files; `k6/http`, `jslib/k6-utils`... for what loadline provides. */
  id: string;
  builtin: boolean;
  /** Files only: source text and syntax tree. */
  source?: string;
  ast?: N;
  /** Each import or re-export of the module: the specifier as written and the id it resolved to. */
  imports: Array<{ node: N; specifier: string; id: string }>;
}

/**
 * Reads a k6 script and every local module it imports, resolving k6's modules and the jslib
 * helpers loadline provides. Anything else (`k6/browser`, `k6/net/grpc`, `k6/experimental/*`,
 * other remote URLs, a missing file, dynamic `import()`, `require`) is rejected before any load with
 * the file, the line and the module name.
 */
export function loadModuleGraph(entry: string): Map<string, K6Module> {
  const modules = new Map<string, K6Module>();
  const pending = [resolve(entry)];
  while (pending.length) {
    const file = pending.pop()!;
    if (modules.has(file)) continue;
    const mod = readModule(file);
    modules.set(file, mod);
    for (const imp of mod.imports) {
      if (!modules.has(imp.id)) {
        if (builtinId(imp.specifier) !== undefined) modules.set(imp.id, { id: imp.id, builtin: true, imports: [] });
        else pending.push(imp.id);
      }
    }
  }
  return modules;
}

function builtinId(specifier: string): string | undefined {
  if ((BUILTIN_MODULES as readonly string[]).includes(specifier)) return specifier;
  const m = JSLIB.exec(specifier);
  return m ? `jslib/${m[1]}` : undefined;
}

function readModule(file: string): K6Module {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { file }, { cause: err });
  }
  let ast: N;
  try {
    ast = parseModule(source);
  } catch (err) {
    const loc = (err as { loc?: { line: number } }).loc;
    const message = (err as Error).message.replace(/\s*\(\d+:\d+\)$/, '');
    throw new LoadlineError('LOADLINE_INVALID_FILE', `${file}${loc ? `:${loc.line}` : ''}: syntax error: ${message}`, { file, line: loc?.line, expected: 'JavaScript that parses as an ES module' }, { cause: err });
  }
  const imports: K6Module['imports'] = [];
  const dir = dirname(file);
  const reject = (node: N, specifier: string, why: string) => {
    const line = node.loc?.start.line as number | undefined;
    return new LoadlineError(
      'LOADLINE_INVALID_FILE',
      `${file}${line ? `:${line}` : ''}: import "${specifier}": ${why}; loadline provides ${BUILTIN_MODULES.join(', ')}, jslib's k6-summary and k6-utils (by their jslib.k6.io URL), and local files`,
      { file, line, field: 'import', value: specifier, expected: `one of ${BUILTIN_MODULES.join(', ')}, a jslib k6-summary or k6-utils URL, or a local file` },
    );
  };
  for (const node of ast.body as N[]) {
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.source) {
      const specifier = String(node.source.value);
      const builtin = builtinId(specifier);
      if (builtin !== undefined) {
        imports.push({ node, specifier, id: builtin });
        continue;
      }
      if (/^(k6|k6\/.*)$/.test(specifier)) throw reject(node, specifier, 'loadline does not provide this k6 module');
      if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('file:')) throw reject(node, specifier, 'remote modules are never fetched');
      if (!/^(\.{1,2}\/|\/|file:)/.test(specifier)) throw reject(node, specifier, 'not a module loadline knows (a bare name cannot be resolved: k6 has no node_modules)');
      const path = specifier.startsWith('file:') ? fileURLToPath(specifier) : resolve(dir, specifier);
      let isFile = false;
      try {
        isFile = statSync(path).isFile();
      } catch {
        isFile = false;
      }
      if (!isFile) throw reject(node, specifier, `no such file (${path})`);
      imports.push({ node, specifier, id: path });
    }
  }
  walk(ast, (node) => {
    if (node.type === 'ImportExpression') throw reject(node, node.source?.type === 'Literal' ? String(node.source.value) : '(computed)', 'dynamic import() is not supported: import it statically at the top of the file');
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
      throw reject(node, String(node.arguments[0].value), 'require() is not supported: use an import declaration');
    }
  });
  return { id: file, builtin: false, source, ast, imports };
}
