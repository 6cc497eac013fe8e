import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Monitor } from '../Monitor.js';
import { json } from '../serve/monitorResponses.js';

/**
 * Answers a health endpoint from the shared run of the checks (`HealthChecks.shared`). `full`
 * callers (the token, or a monitor without one) get every check with its error; others, let in
 * by `publicHealth`, get the status alone: a check's error can hold a host, a user or worse
 * (`connect ECONNREFUSED 10.1.2.3:5432`), and an orchestrator's probe only needs the status code.
 */
export function answerHealth(monitor: Monitor, res: ServerResponse, kind: 'live' | 'ready', full: boolean, headers?: OutgoingHttpHeaders): void {
  monitor.health.shared(kind, monitor.healthCacheMs).then(
    (report) => json(res, report.status === 'unhealthy' ? 503 : 200, full ? report : { status: report.status, timestamp: report.timestamp }, headers),
    () => json(res, 500, { status: 'unhealthy', error: 'the health checks could not run' }, headers),
  );
}
