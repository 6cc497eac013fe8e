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
