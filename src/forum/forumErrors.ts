import { invalidInput, type LoadlineError } from '../core/index.js';
import { redactUrl } from './ForumOptions.js';

/** The port is taken by another listener. */
export function portInUse(port: number, host: string): LoadlineError {
  return invalidInput({ field: 'port', value: port, expected: `a free port on ${host} (EADDRINUSE: another process listens there; 0 picks a free one)` }, 'LOADLINE_PORT_IN_USE');
}

/** The data folder cannot be created or written. */
export function dataDirUnusable(dir: string, why: string): LoadlineError {
  return invalidInput({ field: 'dataDir', value: dir, expected: `a folder this process can create and write (${why})` }, 'LOADLINE_DATA_DIR_UNUSABLE');
}

/** The PostgreSQL server did not answer, or refused the connection. */
export function databaseUnreachable(url: string, why: string): LoadlineError {
  return invalidInput({ field: 'databaseUrl', value: redactUrl(url), expected: `a PostgreSQL server that answers (${why})` }, 'LOADLINE_DATABASE_UNREACHABLE');
}
