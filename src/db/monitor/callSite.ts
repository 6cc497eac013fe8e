import { fileURLToPath } from 'node:url';

/** Where a query was issued from, in the user's code. */
export interface CallSite {
  /** The first frame outside node_modules, node itself and loadline: `path:line:column`. */
  line: string;
  /** Every user frame of the stack, joined: two calls share it only when they come the same way. */
  key: string;
}

/** Frames collected per capture: deep enough to reach user code under an ORM's frames. */
const FRAMES = 30;

/** Frames whose file lies under these folders are loadline's own (compiled `db/` and `core/`), unless a test. */
const OWN_DIRS = [fileURLToPath(new URL('../', import.meta.url)), fileURLToPath(new URL('../../core/', import.meta.url))];

/** A captured, not yet formatted stack: V8 formats it on first read of `stack`. */
export interface StackCapture {
  stack?: string;
}

/**
 * Captures the current stack without formatting it. This is the expensive part of knowing a
 * calling line (about 2-3 µs here, a third of it even with no frame kept), so callers take it
 * only when the line will be used: the first call of a statement, repeats within a request,
 * slow statements, `expectQueries` scopes.
 */
export function captureStack(): StackCapture {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAMES;
  const holder: StackCapture = {};
  Error.captureStackTrace(holder, captureStack);
  Error.stackTraceLimit = limit;
  return holder;
}

/** The user's call site in a captured stack, or `undefined` when every frame is loadline's, node's or a dependency's. */
export function resolveCallSite(capture: StackCapture): CallSite | undefined {
  const text = capture.stack;
  if (typeof text !== 'string') return undefined;
  let line: string | undefined;
  let key = '';
  for (const frame of text.split('\n')) {
    const location = frameLocation(frame);
    if (location === undefined || !isUserFile(location.file)) continue;
    const at = `${location.file}:${location.line}:${location.column}`;
    line ??= at;
    key += key ? `<${at}` : at;
  }
  return line === undefined ? undefined : { line, key };
}

/** Shorthand for a capture resolved at once (synchronous drivers, still in the caller's stack). */
export function captureCallSite(): CallSite | undefined {
  return resolveCallSite(captureStack());
}

const LOCATION = /\(?((?:file:\/\/|\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/;

function frameLocation(frame: string): { file: string; line: string; column: string } | undefined {
  const m = LOCATION.exec(frame.trimEnd());
  if (m === null) return undefined;
  let file = m[1]!;
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  return { file, line: m[2]!, column: m[3]! };
}

function isUserFile(file: string): boolean {
  if (file.includes('/node_modules/') || file.includes('\\node_modules\\')) return false;
  if (/\.test\.[cm]?[jt]s$/.test(file)) return true;
  return !OWN_DIRS.some((dir) => file.startsWith(dir));
}
