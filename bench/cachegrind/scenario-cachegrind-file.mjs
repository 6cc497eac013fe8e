// Reads a cachegrind output file (run with --cache-sim=no: one event, Ir) into instructions per
// function, and sorts V8/Node function names into the categories the scenario harness reports.

/** Report order. `compiler` and `major GC` are what the "steady" figure leaves out. */
export const CATEGORIES = ['JIT code (unnamed)', 'builtins', 'V8 runtime', 'JSON', 'strings', 'minor GC', 'major GC', 'compiler', 'node/libuv', 'libc/kernel API', 'other'];

/**
 * @param {string} text  the cachegrind.out file
 * @returns {{ total: number, byFunction: Map<string, number> }}
 */
export function readCachegrind(text) {
  const byFunction = new Map();
  let file = '';
  let fn = '';
  let total = 0;
  for (const line of text.split('\n')) {
    const c = line.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      const space = line.indexOf(' ');
      const ir = Number(line.slice(space + 1));
      const key = fn === '???' ? `??? (${file})` : fn;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ir);
    } else if (line.startsWith('fl=')) file = line.slice(3);
    else if (line.startsWith('fn=')) fn = line.slice(3);
    else if (line.startsWith('summary:')) total = Number(line.slice(8));
  }
  return { total, byFunction };
}

const RULES = [
  ['JIT code (unnamed)', /^\?\?\?/],
  ['compiler', /compiler::|maglev::|turboshaft::|Turboshaft|OptimizedCompilationJob|Pipeline|RegExpCompiler|RegExpBytecode|interpreter::BytecodeGenerator|Parser::|Scanner::|baseline::|CodeAssembler|TurbofanCompilationJob|Compiler::/],
  ['major GC', /MarkCompact|Marking|Mark(er|ing)?Visitor|ConcurrentMarking|IncrementalMarking|Sweeper|Evacuat|Compaction|MemoryReducer|MarkingWorklist|WeakObjects|ClearNonLive|Heap::MarkCompact|FullMark|Mark::|RememberedSet<OLD_TO_OLD>/],
  ['minor GC', /Scaveng|MinorMarkCompact|Semi[Ss]pace|YoungGeneration|RememberedSet|SlotSet|TypedSlot|PromoteObject/],
  ['JSON', /Json|JSON/],
  ['strings', /String|Utf8|Latin1|Unibrow|unibrow|simdutf|StringBuilder|Flatten|ConsString/],
  ['builtins', /^Builtins_/],
  ['V8 runtime', /^v8::|Runtime_|^void v8::|^bool v8::|^int v8::/],
  ['node/libuv', /^node::|^uv_|^uv__|^void node::|^bool node::/],
  ['libc/kernel API', /libc|^__|^_dl|memcpy|memmove|memset|^epoll|^read$|^write|^malloc|^free|^cfree|^pthread|^clock_gettime/],
];

/** The category of one function name (or `??? (file)` for code without a symbol). */
export function classify(name) {
  for (const [category, pattern] of RULES) if (pattern.test(name)) return category;
  return 'other';
}
