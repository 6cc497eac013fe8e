import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LoadlineError } from '../core/index.js';
import type { ForumOptions, ResolvedForumOptions } from './ForumOptions.js';
import type { ForumServer, ForumStats } from './startForum.js';

/** Messages between the parent and the forum's process. */
export type ToChild = { type: 'start'; options: ForumOptions } | { type: 'stats'; id: number } | { type: 'close' };
export type FromChild =
  | { type: 'ready'; forum: Omit<ForumServer, 'stats' | 'close'> }
  | { type: 'error'; error: { code?: string; message: string; details?: object } }
  | { type: 'stats'; id: number; stats: ForumStats }
  | { type: 'closed' };

/** How long the child may take to seed and listen before it counts as failed. Milliseconds. */
const START_TIMEOUT_MS = 120_000;
/** How long a child may take to close before it is killed. Milliseconds. */
const CLOSE_TIMEOUT_MS = 10_000;

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/**
 * Runs the forum in a child Node process (`childProcess: true`) and returns a handle that
 * behaves like the in-process one: `stats()` and `close()` travel over the IPC channel. A start
 * that fails in the child rejects here with the child's error, code and message unchanged.
 * The monitor's token (`resolved.token`: the option's or LOADLINE_TOKEN's) travels in the start
 * message over the IPC channel, never through this process's environment.
 */
export async function startForumProcess(options: ForumOptions, resolved: ResolvedForumOptions): Promise<ForumServer> {
  const entry = fileURLToPath(new URL('./forumChild.js', import.meta.url));
  const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const pending = new Map<number, { resolve: (stats: ForumStats) => void; reject: (err: Error) => void }>();
  let nextId = 1;
  // A message sent just as the child dies (Ctrl-C reaches the whole process group) fails with
  // EPIPE on the channel; without a listener that 'error' would end this process. The child's
  // 'exit' reports what matters: a start that never finished rejects, close() resolves.
  let channelError: Error | undefined;
  child.on('error', (err) => (channelError ??= err));
  // A child that dies answers no pending stats() call: each rejects instead of waiting forever.
  child.once('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`forum process: exited (${signal ?? `code ${code}`}) before answering stats()`));
    pending.clear();
  });
  const started = new Promise<Omit<ForumServer, 'stats' | 'close'>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new LoadlineError('LOADLINE_TIMEOUT', `forum process: not ready after ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.forum);
      } else if (m.type === 'error') {
        clearTimeout(timer);
        reject(m.error.code ? new LoadlineError(m.error.code, m.error.message, m.error.details ?? {}) : new Error(`forum process: ${m.error.message}`));
      } else if (m.type === 'stats') {
        pending.get(m.id)?.resolve(m.stats);
        pending.delete(m.id);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`forum process exited before it was ready (${signal ?? `code ${code}`})${channelError ? `: ${channelError.message}` : ''}`));
    });
  });
  const start: ForumOptions = { ...options, childProcess: false, ...(resolved.token !== undefined ? { token: resolved.token } : {}) };
  child.send({ type: 'start', options: start } satisfies ToChild);
  let forum: Omit<ForumServer, 'stats' | 'close'>;
  try {
    forum = await started;
  } catch (err) {
    await exited(child);
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    ...forum,
    stats() {
      return new Promise((resolve, reject) => {
        if (!child.connected) return reject(new Error('forum process: closed'));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ type: 'stats', id } satisfies ToChild, (err) => {
          if (err === null || err === undefined) return;
          pending.delete(id);
          reject(new Error(`forum process: ${err.message}`));
        });
      });
    },
    close() {
      closing ??= (async () => {
        if (child.connected) child.send({ type: 'close' } satisfies ToChild, () => undefined);
        const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
        await exited(child);
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
