import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI entry point, for tests that spawn the binary. */
export const CLI_MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** What a spawned `loadline` left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `node dist/cli/main.js ...args` and resolves once it exits. */
export function spawnCli(args: string[], options: { env?: NodeJS.ProcessEnv; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.onSpawn?.(child);
  });
}

/** Whether a process with this pid still exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the body of a test that measures latency or capacity up to `attempts` times and passes on
 * the first clean pass: a figure taken while the machine itself stalls (a shared host's CPU steal
 * can stop every process for a second) measures the machine, not loadline, so it is taken again.
 * A real fault fails every attempt, and the error then lists each attempt's failure.
 *
 * @example
 * await measured(3, async () => { const r = await spawnCli(['find', ...]); assert.equal(r.code, 0); });
 */
export async function measured(attempts: number, body: (attempt: number) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await body(attempt);
      return;
    } catch (err) {
      failures.push(`attempt ${attempt}: ${(err as Error).message}`);
    }
  }
  throw new Error(`failed in all ${attempts} attempts:\n${failures.join('\n---\n')}`);
}

/** Stderr with the CLI's 80-column wrapping undone (each `\n  ` continuation back to one space), for matching whole warnings. */
export function unwrapped(text: string): string {
  return text.replace(/\n {2}/g, ' ');
}
