import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

const dist = fileURLToPath(new URL('../../', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** Only what npm publishes: test files and test kits (which may import the peer) stay behind. */
const published = (src: string) => !/\.test(-kit)?\.(js|d\.ts|js\.map)$/.test(src);

/**
 * Runs `script` (an ES module body that prints one JSON line) as a service that installed loadline
 * without the optional peer `peer` would: in a temporary folder holding the published build of
 * `pillars` and core, where every other dependency resolves. Fails, saying so, if the child still
 * finds the peer, since the check would then prove nothing. The folder goes when the test ends.
 *
 * @example
 * const out = runWithoutPeer(t, { peer: 'ioredis', pillars: ['guard'], script: "const g = await import('./dist/guard/index.js'); console.log(JSON.stringify(Object.keys(g)));" });
 */
export function runWithoutPeer(t: TestContext, { peer, pillars, script }: { peer: string; pillars: string[]; script: string }): unknown {
  const root = mkdtempSync(join(tmpdir(), `loadline-no-${peer}-`));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const pillar of [...pillars, 'core']) cpSync(join(dist, pillar), join(root, 'dist', pillar), { recursive: true, filter: published });
  cpSync(join(repo, 'schema'), join(root, 'schema'), { recursive: true }); // core reads the result schema when loaded
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
  mkdirSync(join(root, 'node_modules'));
  const modules = join(repo, 'node_modules');
  for (const name of readdirSync(modules)) if (name !== peer) symlinkSync(join(modules, name), join(root, 'node_modules', name));

  const probe = `try { await import(${JSON.stringify(peer)}); console.error('the child found ${peer}'); process.exit(3); } catch (e) { if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e; }\n`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe + script], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' }, timeout: 60_000 });
  if (child.status !== 0) throw new Error(`the child exited with ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}
