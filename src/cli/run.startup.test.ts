import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_MAIN } from './cliProcess.test-kit.js';

// A load generator's start-up is CPU it does not spend on requests: a short `loadline run` used
// about 0.04 s of CPU loading the report and monitor modules it did not need, and then 0.1 s
// loading 169 modules where quick mode needs 68 (the k6 and Artillery layers, scenarios, the
// capacity search, worker threads, repeats, through loadline/load's index). A module hook in the
// child names every loadline module it loads.
async function modulesLoaded(t: { after: (fn: () => unknown) => void }, extraArgs: string[], scenario?: string): Promise<string[]> {
  const server = createServer((_req, res) => res.end('ok'));
  t.after(() => server.close());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'loadline-startup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, "export async function load(url, context, next) { if (url.includes('/dist/')) process.stderr.write(`MODULE ${url}\\n`); return next(url, context); }\n");
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const child = spawn(process.execPath, ['--import', pathToFileURL(register).href, CLI_MAIN, 'run', ...(scenario ? [scenario, '--target', url] : [url]), '--vus', '1', '--amount', '3', '--quiet', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill());
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const code = await new Promise((r) => child.on('close', r));
  assert.equal(code, 0, stderr);
  return stderr.split('\n').flatMap((line) => (line.startsWith('MODULE ') ? [line.slice(7)] : []));
}

test('loadline run loads neither the report nor the monitor modules unless --html or --monitor asks for them', async (t) => {
  const modules = await modulesLoaded(t, []);
  assert.ok(modules.some((m) => m.includes('/dist/load/')), 'the hook sees loadline modules');
  assert.deepEqual(modules.filter((m) => /\/dist\/(report|monitor)\//.test(m)), []);
});

test('quick mode loads no scenario, compatibility, capacity, worker or repeat modules', async (t) => {
  const modules = await modulesLoaded(t, []);
  const unneeded = /\/dist\/(compat\/(?!detect\.js|k6\/exitCodes\.js)|load\/(scenario\/(?!profiles\.js|metrics\/OutcomeCounts\.js)|capacity|workers|repeat|sampling)\/|load\/ScenarioRun\.js|load\/index\.js)/;
  assert.deepEqual(modules.filter((m) => unneeded.test(m)), []);
  assert.ok(modules.length <= 80, `quick mode loaded ${modules.length} loadline modules`);
});

test('a scenario file loads the scenario modules (the check above can fail)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-startup-scenario-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'journey.yaml');
  writeFileSync(file, 'flows:\n  - name: home\n    steps:\n      - request: { method: GET, path: / }\n');
  const modules = await modulesLoaded(t, [], file);
  assert.ok(modules.some((m) => m.includes('/dist/load/scenario/compile/')), 'scenario modules loaded for a scenario file');
});

test('with --html the report modules load (the check above can fail)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'loadline-startup-html-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const modules = await modulesLoaded(t, ['--html', join(dir, 'report.html')]);
  assert.ok(modules.some((m) => m.includes('/dist/report/')), 'report modules loaded for --html');
});
