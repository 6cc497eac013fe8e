import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { BudgetCheck, BundleBudget } from './Budget.js';
import { levelOf } from './Budget.js';
import { findFiles } from './Glob.js';

export interface BundleSizes {
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

/** Summed raw, gzip (level 9) and brotli (quality 11) sizes of the files matching the globs. */
export function measureBundle(root: string, globs: readonly string[]): BundleSizes {
  const files = [...new Set(globs.flatMap((g) => findFiles(root, g)))].sort();
  const sizes: BundleSizes = { files, raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const data = readFileSync(file);
    sizes.raw += data.length;
    sizes.gzip += gzipSync(data, { level: 9 }).length;
    sizes.brotli += brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;
  }
  return sizes;
}

/** Checks one bundle budget; a glob set that matches no file is an error, never a pass. */
export function checkBundle(root: string, budget: BundleBudget): BudgetCheck[] {
  const sizes = measureBundle(root, budget.files);
  const kinds = (['raw', 'gzip', 'brotli'] as const).filter((k) => budget[k]);
  if (sizes.files.length === 0) {
    return kinds.map((k) => ({ kind: 'bundle', name: budget.name, metric: k, value: null, unit: 'bytes', limit: budget[k]!, level: 'error', detail: `no file matches ${budget.files.join(', ')}` }));
  }
  return kinds.map((k) => ({
    kind: 'bundle',
    name: budget.name,
    metric: k,
    value: sizes[k],
    unit: 'bytes',
    limit: budget[k]!,
    level: levelOf(sizes[k], budget[k]!),
    detail: `${sizes.files.length} file${sizes.files.length === 1 ? '' : 's'}`,
  }));
}
