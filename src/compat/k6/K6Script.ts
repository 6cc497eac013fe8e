import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { compileFunction } from 'node:vm';
import { LoadlineError } from '../../core/index.js';
import { analyze } from './analysis.js';
import { cryptoModule } from './api/crypto.js';
import { dataModule } from './api/data.js';
import { encodingModule } from './api/encoding.js';
import { executionModule } from './api/execution.js';
import { httpModule } from './api/http.js';
import { k6Module } from './api/k6.js';
import { metricsModule } from './api/metrics.js';
import { k6SummaryModule, k6UtilsModule } from './jslib.js';
import type { K6Context, VuState } from './K6Context.js';
import { loadModuleGraph, type K6Module } from './modules.js';
import { sequential } from './sequential.js';
import { FACTORY_PARAMS, transformModule } from './transform.js';

type Factory = (...args: unknown[]) => void;

/** An exception thrown by the script's own code outside an iteration (init context, setup, teardown): exit 107. */
export function scriptError(file: string, where: string, err: unknown): LoadlineError {
  const detail = err instanceof Error ? (err.stack ?? err.message).split('\n').filter((l) => !/node:internal|\/dist\/compat\//.test(l)).slice(0, 6).join('\n') : String(err);
  return new LoadlineError('LOADLINE_SCRIPT_ERROR', `${file}: ${where} threw: ${detail}`, { file }, { cause: err });
}

/**
 * A k6 script ready to run: its modules read, checked, rewritten (see `transformModule`) and
 * compiled once; `instantiate` runs them for one VU, so module-level code and state are per VU,
 * as k6's isolation gives.
 *
 * @example
 * const script = K6Script.load('load.js');
 * script.instantiate(ctx, vu); // vu.exports.default, vu.exports.options
 */
export class K6Script {
  readonly file: string;
  readonly modules: Map<string, K6Module>;
  readonly #factories = new Map<string, Factory>();
  readonly #console: Console;

  private constructor(file: string, modules: Map<string, K6Module>) {
    this.file = file;
    this.modules = modules;
    this.#console = k6Console();
  }

  static load(file: string): K6Script {
    const path = resolve(file);
    const modules = loadModuleGraph(path);
    const analysis = analyze(modules.values());
    const script = new K6Script(path, modules);
    for (const mod of modules.values()) {
      if (mod.builtin) continue;
      const body = transformModule(mod, analysis);
      try {
        script.#factories.set(mod.id, compileFunction(body, [...FACTORY_PARAMS], { filename: mod.id }) as Factory);
      } catch (err) {
        const line = /:(\d+)/.exec(String((err as Error).stack ?? ''))?.[1];
        throw new LoadlineError('LOADLINE_INVALID_FILE', `${mod.id}${line ? `:${line}` : ''}: cannot compile (${(err as Error).message})`, { file: mod.id, ...(line ? { line: Number(line) } : {}) }, { cause: err });
      }
    }
    return script;
  }

  /** The rewritten source of a module, for docs and debugging. */
  static transformed(file: string): string {
    const modules = loadModuleGraph(resolve(file));
    return transformModule(modules.get(resolve(file))!, analyze(modules.values()));
  }

  /** Runs every module once for `vu` (its init context) and sets `vu.exports`; the script's exceptions propagate. */
  instantiate(ctx: K6Context, vu: VuState, random: () => number = Math.random): void {
    const cache = new Map<string, Record<string, unknown>>();
    const importer = (id: string): Record<string, unknown> => {
      const hit = cache.get(id);
      if (hit !== undefined) return hit;
      const mod = this.modules.get(id);
      if (mod === undefined) throw new Error(`module ${id} was not loaded`);
      if (mod.builtin) {
        const ns = builtin(id, ctx, vu, random);
        cache.set(id, ns);
        return ns;
      }
      const ns: Record<string, unknown> = {};
      cache.set(id, ns);
      const define = (getters: Record<string, () => unknown>) => {
        for (const [name, get] of Object.entries(getters)) Object.defineProperty(ns, name, { get, enumerable: true, configurable: true });
      };
      const defineAll = (from: Record<string, unknown>) => {
        for (const name of Object.keys(from)) if (name !== 'default' && !(name in ns)) Object.defineProperty(ns, name, { get: () => from[name], enumerable: true, configurable: true });
      };
      this.#factories.get(id)!(importer, define, defineAll, vu, sequential, vu.id, vu.env, opener(ctx, dirname(id), dirname(this.file)), this.#console);
      return ns;
    };
    vu.initializing = true;
    try {
      vu.exports = importer(this.file);
    } finally {
      vu.initializing = false;
    }
  }
}

function builtin(id: string, ctx: K6Context, vu: VuState, random: () => number): Record<string, unknown> {
  switch (id) {
    case 'k6':
      return k6Module(ctx, vu);
    case 'k6/http':
      return httpModule(ctx, vu);
    case 'k6/metrics':
      return metricsModule(ctx, vu);
    case 'k6/data':
      return dataModule(ctx, vu);
    case 'k6/execution':
      return executionModule(ctx, vu, () => ctx.scenarioIterations.get(vu.scenario?.name ?? '') ?? 0);
    case 'k6/encoding':
      return encodingModule();
    case 'k6/crypto':
      return cryptoModule();
    case 'jslib/k6-utils':
      return k6UtilsModule(random);
    case 'jslib/k6-summary':
      return k6SummaryModule();
    default:
      throw new Error(`unknown module ${id}`);
  }
}

/** k6's `open(path, mode)`: a file read once per run (cached for every VU), relative to the module, as text or (`'b'`) an ArrayBuffer. */
function opener(ctx: K6Context, dir: string, entryDir: string): (path: unknown, mode?: unknown) => string | ArrayBuffer {
  return (path, mode) => {
    if (typeof path !== 'string' || path === '') throw new Error('open(path): expected a file path');
    let full = isAbsolute(path) ? path : resolve(dir, path);
    const binary = mode === 'b';
    const key = `${binary ? 'b' : 't'}:${full}`;
    let content = ctx.files.get(key);
    if (content === undefined) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(full);
      } catch (err) {
        const fallback = resolve(entryDir, path);
        if (isAbsolute(path) || fallback === full) throw new Error(`open(${JSON.stringify(path)}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (${full})`);
        full = fallback;
        try {
          bytes = readFileSync(full);
        } catch (err2) {
          throw new Error(`open(${JSON.stringify(path)}): ${(err2 as NodeJS.ErrnoException).code ?? (err2 as Error).message} (${full})`);
        }
      }
      content = binary ? bytes : bytes.toString('utf8');
      ctx.files.set(key, content);
    }
    return typeof content === 'string' ? content : new Uint8Array(content).buffer;
  };
}

/** k6 prints `console` to stderr, as its log lines; stdout stays for the summary. */
function k6Console(): Console {
  const start = Date.now();
  const line = (level: string) => (...args: unknown[]) => {
    const secs = String(Math.floor((Date.now() - start) / 1000)).padStart(4, '0');
    process.stderr.write(`${level}[${secs}] ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}  source=console\n`);
  };
  const info = line('INFO');
  return { ...console, log: info, info, debug: line('DEBU'), warn: line('WARN'), error: line('ERRO') } as Console;
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
