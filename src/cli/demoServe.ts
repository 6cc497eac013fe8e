import { ExitCode, invalidInput, isLoadlineError } from '../core/index.js';
import { SEED_003_SLOS } from '../demo/index.js';
import { SEEDED_PASSWORD, seededEmail, startForum } from '../forum/index.js';
import { untilStopSignal } from './stopSignal.js';

/**
 * `loadline demo --serve [--port N] [--mode naive|optimized]`: keeps the demo's forum running on
 * loopback with its instruments, prints its URLs and a ready-to-paste `loadline find` line, and
 * closes cleanly on SIGINT or SIGTERM. Resolves with the exit code once closed.
 *
 * @example
 * process.exitCode = await serveDemo('3000', 'naive');
 */
export async function serveDemo(portText: string | undefined, modeText: string | undefined): Promise<number> {
  let port = 3000;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\s*\d+\s*$/.test(portText) || port > 65535) throw invalidInput({ field: '--port', value: portText, expected: 'a port from 0 to 65535 (0 picks a free one)' }, 'LOADLINE_USAGE');
  }
  if (modeText !== undefined && modeText !== 'naive' && modeText !== 'optimized') throw invalidInput({ field: '--mode', value: modeText, expected: 'naive or optimized' }, 'LOADLINE_USAGE');
  const mode = modeText ?? 'naive';
  let forum;
  try {
    forum = await startForum({ mode, port });
  } catch (err) {
    if (isLoadlineError(err, 'LOADLINE_PORT_IN_USE')) throw invalidInput({ field: '--port', value: port, expected: 'a free port (this one is in use; --port 0 picks a free one)' }, 'LOADLINE_USAGE');
    throw err;
  }
  const u = forum.url;
  const m = forum.monitorUrls!;
  const v = forum.volumes;
  const slos = SEED_003_SLOS.map((s) => `--slo '${s}'`).join(' ');
  console.log(`loadline demo: the ${mode} forum serving on ${u} (loopback only); Ctrl-C stops it
Seeded ${v.users} users, ${v.topics} topics, ${v.posts} posts, ${v.wikiPages} wiki pages; every password is ${SEEDED_PASSWORD} (${seededEmail(1)} ...)

API (seed 003's endpoints):
  ${u}/api/forums/topics
  ${u}/api/forums/1/posts
  ${u}/api/wiki/pages/1
  POST ${u}/api/auth/login, then ${u}/api/users/me with the token
Instruments:
  ${m.metrics}              Prometheus metrics
  ${m.ready}         readiness (${m.live} liveness)
  ${m.dashboard}             live dashboard
  ${m.stats}      totals per route
  ${m.queries}    statements, N+1, slow queries and index hints
${process.env.LOADLINE_TOKEN ? '  (token-protected: Authorization: Bearer $LOADLINE_TOKEN; the dashboard asks for it once)\n' : ''}
Find its load line on one endpoint, with its CPU and memory per step:
  loadline find ${u}/api/forums/topics ${slos} --pid ${forum.pid}
`);
  const signal = await untilStopSignal();
  await forum.close();
  console.log(`loadline demo: ${signal}, the forum stopped`);
  return ExitCode.pass;
}
