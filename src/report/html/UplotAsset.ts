import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: { script: string; css: string } | undefined;

/** uPlot's minified browser build and stylesheet, read once from the installed package to inline into reports. */
export function uplotAsset(): { script: string; css: string } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  cached = {
    script: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
  };
  return cached;
}
