import type { StepLoad } from '../load/index.js';
import { planArtillery } from './artillery/index.js';
import { detectForeignFile } from './detect.js';
import { k6StepLoad } from './k6/index.js';

/**
 * A k6 script or an Artillery file as the target of `loadline find` (capacity, spike or soak):
 * `{ load }` whose iteration is the script's (k6: its default function; Artillery: a new virtual
 * user running one weighted scenario), the search setting the load; undefined for any other file.
 *
 * @example
 * const source = (await foreignStepSource('script.js', {})) ?? { scenario: { file: 'script.js' } };
 */
export async function foreignStepSource(file: string, options: { target?: string; env?: Record<string, string> } = {}): Promise<{ load: StepLoad } | undefined> {
  const found = detectForeignFile(file);
  if (found === undefined) return undefined;
  if (found.tool === 'k6') return k6StepLoad(file, { ...(options.env ? { env: options.env } : {}) });
  const plan = await planArtillery(file, options.target !== undefined ? { target: options.target } : {});
  const { url, iteration, scenario, timeoutMs, insecure } = plan.load;
  return { load: { url, ...(iteration ? { iteration } : {}), ...(scenario ? { scenario } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(insecure ? { insecure } : {}) } };
}
