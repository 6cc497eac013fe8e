import { ExitCode, invalidInput } from '../core/index.js';
import { FORUM_FIXES, FORUM_FIX_SUMMARIES, SEEDED_PASSWORD, seededEmail, startForum, WEBSOCKET_PATH, type ForumFix, type ForumOptions } from '../forum/index.js';
import { namingFlags, parseCommandArgs } from './args.js';
import { untilStopSignal } from './stopSignal.js';

const width = Math.max(...FORUM_FIXES.map((f) => f.length));
const HELP = `Usage: loadline forum [--mode naive|optimized] [--fix LIST] [--without LIST] [--port N]
                      [--scale X] [--seed N] [--data-dir DIR | --database-url URL] [--no-instrument]

Starts the reference service: seed 003's forum and wiki API on SQLite, seeded deterministically,
on loopback, with loadline's runtime monitor and query monitor attached. Naive mode has the
seed's bottlenecks, each from a real cause; optimized mode fixes each with loadline's parts.
Ctrl-C (SIGINT) or SIGTERM stops it and removes its temporary data.

  --mode M          naive (no fix, the default) or optimized (every fix)
  --fix LIST        fixes to switch on besides the mode's, comma-separated
  --without LIST    fixes to switch off from the mode's (--mode optimized --without cache)
  --port N          port to listen on (default 3000; 0 picks a free one)
  --scale X         data volume: 1 = 2,000 users, 5,000 topics, 100,000 posts, 1,000 wiki
                    pages (default 1; 0.1 seeds a tenth)
  --seed N          seed of the data generator (default 1)
  --data-dir DIR    folder for forum.db, kept after exit (default a temporary folder, removed)
  --database-url U  PostgreSQL instead of SQLite (postgres://user@host:5432/db): the forum
                    seeds a schema of its own there and drops it on exit (default
                    DATABASE_URL when set)
  --no-instrument   without the runtime and query monitors (no /metrics, /loadline, ...)

Fixes:
${FORUM_FIXES.map((f) => `  ${f.padEnd(width)}  ${FORUM_FIX_SUMMARIES[f]}`).join('\n')}`;

/** The CLI's flag for each option field the library may name in an error. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = { port: '--port', scale: '--scale', seed: '--seed', dataDir: '--data-dir', databaseUrl: '--database-url', mode: '--mode' };

function fixList(text: string | undefined, flag: string): ForumFix[] {
  if (text === undefined) return [];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!FORUM_FIXES.includes(name as ForumFix)) throw invalidInput({ field: flag, value: name, expected: `fix names, comma-separated: ${FORUM_FIXES.join(', ')}` }, 'LOADLINE_USAGE');
  return names as ForumFix[];
}

function numberFlag(text: string | undefined, flag: string, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw invalidInput({ field: flag, value: text, expected: integer ? 'an integer' : 'a number' }, 'LOADLINE_USAGE');
  return n;
}

/** `loadline forum`: runs the reference service until Ctrl-C. */
export default async function forum(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      mode: { type: 'string' },
      fix: { type: 'string' },
      without: { type: 'string' },
      port: { type: 'string' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'no-instrument': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
    { positionals: false },
  );
  if (values.help) {
    console.log(HELP);
    return ExitCode.pass;
  }
  if (values.mode !== undefined && values.mode !== 'naive' && values.mode !== 'optimized') throw invalidInput({ field: '--mode', value: values.mode, expected: 'naive or optimized' }, 'LOADLINE_USAGE');
  const options: ForumOptions = {
    mode: values.mode as 'naive' | 'optimized' | undefined,
    fixes: fixList(values.fix, '--fix'),
    withoutFixes: fixList(values.without, '--without'),
    port: numberFlag(values.port, '--port', true) ?? 3000,
    instrument: !values['no-instrument'],
  };
  const scale = numberFlag(values.scale, '--scale', false);
  if (scale !== undefined) options.scale = scale;
  const seed = numberFlag(values.seed, '--seed', true);
  if (seed !== undefined) options.seed = seed;
  if (values['data-dir'] !== undefined) options.dataDir = values['data-dir'];
  const databaseUrl = values['database-url'] ?? (values['data-dir'] === undefined ? process.env.DATABASE_URL : undefined);
  if (databaseUrl !== undefined && databaseUrl !== '') options.databaseUrl = databaseUrl;
  let server;
  try {
    server = await startForum(options);
  } catch (err) {
    throw namingFlags(err, FLAG_OF_FIELD);
  }
  const u = server.url;
  const v = server.volumes;
  const m = server.monitorUrls;
  console.log(`loadline forum: ${server.mode} mode on ${server.database === 'postgres' ? 'PostgreSQL' : 'SQLite'}${server.fixes.length > 0 && server.fixes.length < FORUM_FIXES.length ? ` with ${server.fixes.join(', ')}` : ''}, serving on ${u} (Ctrl-C stops it)
Seeded ${v.users} users, ${v.forums} forums, ${v.topics} topics, ${v.posts} posts, ${v.wikiPages} wiki pages in ${(server.seedMs / 1000).toFixed(1)} s; every password is ${SEEDED_PASSWORD} (${seededEmail(1)} ... ${seededEmail(v.users)})

API:
  GET  ${u}/api/forums/topics?page=1
  GET  ${u}/api/forums/1/posts
  GET  ${u}/api/wiki/pages/1
  POST ${u}/api/auth/login          {"email":"${seededEmail(1)}","password":"${SEEDED_PASSWORD}"}
  GET  ${u}/api/users/me            Authorization: Bearer <token>
  POST ${u}/api/forums/1/posts      {"body":"..."} with the token
  WS   ${u.replace(/^http/, 'ws')}${WEBSOCKET_PATH}  send {"type":"join","topicId":1}
${m ? `Instruments:
  ${m.live} , ${m.ready}
  ${m.metrics}            Prometheus metrics
  ${m.dashboard}           live dashboard
  ${m.stats}    totals per route
  ${m.queries}  statements, N+1, slow queries and index hints
` : ''}
Load it:
  loadline run ${u}/api/forums/topics --duration 10s${m ? ` --monitor ${u}` : ''}
`);
  const signal = await untilStopSignal();
  await server.close();
  console.log(`loadline forum: ${signal}, stopped`);
  return ExitCode.pass;
}
