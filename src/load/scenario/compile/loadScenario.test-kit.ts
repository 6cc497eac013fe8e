import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoadlineError, type LoadlineError } from '../../../core/index.js';
import { loadScenario } from './loadScenario.js';

/** A temporary folder of scenario files for one test file (removed after it), and the two ways its tests use a file. */
export interface ScenarioFolder {
  readonly dir: string;
  /** Writes `text` as a new file named after `name` (numbered, so names may repeat) and returns its path. */
  write(name: string, text: string): string;
  /** Writes the file and resolves with loadScenario's rejection, asserting it is LOADLINE_INVALID_FILE and names the file. */
  rejection(name: string, text: string): Promise<LoadlineError>;
}

/** Call at the top level of a test file: the folder is removed once its tests are done. */
export function scenarioFolder(prefix: string): ScenarioFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const write = (name: string, text: string): string => {
    const file = join(dir, `${n++}-${name}`);
    writeFileSync(file, text);
    return file;
  };
  return {
    dir,
    write,
    async rejection(name, text) {
      const file = write(name, text);
      try {
        await loadScenario(file);
      } catch (err) {
        assert.ok(isLoadlineError(err, 'LOADLINE_INVALID_FILE'), `expected LOADLINE_INVALID_FILE, got ${String(err)}`);
        assert.ok(err.message.includes(file), `message names the file: ${err.message}`);
        return err;
      }
      assert.fail(`${name} was accepted`);
    },
  };
}
