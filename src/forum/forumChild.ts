/**
 * The forum's own process (see forumProcess.ts): starts the forum with the parent's options,
 * reports ready or the error, answers stats, and closes on request, on SIGINT/SIGTERM, or when
 * the parent goes away.
 */
import type { FromChild, ToChild } from './forumProcess.js';
import { startForum, type ForumServer } from './startForum.js';

let forum: ForumServer | undefined;
let closing = false;

function reply(message: FromChild): void {
  if (process.connected) process.send!(message);
}

async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await forum?.close();
  process.disconnect?.();
  process.exit(0);
}

process.on('message', (m: ToChild) => {
  if (m.type === 'start') {
    startForum(m.options).then(
      (started) => {
        forum = started;
        const { stats: _stats, close: _close, ...info } = started;
        reply({ type: 'ready', forum: info });
        if (closing) void started.close();
      },
      (err: unknown) => {
        const e = err as { code?: string; message?: string; details?: object };
        reply({ type: 'error', error: { ...(typeof e.code === 'string' && e.code.startsWith('LOADLINE_') ? { code: e.code, details: e.details ?? {} } : {}), message: String(e.message ?? err) } });
        closing = true;
        process.exitCode = 2;
        process.disconnect?.();
      },
    );
  } else if (m.type === 'stats') {
    void forum?.stats().then((stats) => reply({ type: 'stats', id: m.id, stats }));
  } else if (m.type === 'close') void shutdown();
});
process.on('disconnect', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
