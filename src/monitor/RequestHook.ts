import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The per-request hook. Instead of a `finish` listener (a closure and a listener per request),
 * the start time and the recorder ride on the response under two symbols, and one process-wide
 * subscriber to node's `http.server.response.finish` diagnostics channel records every finished
 * response. bench/monitor-hook.bench.mjs measures this against a finish listener and a wrapped
 * `res.end`.
 */
export interface FinishRecorder {
  finish(req: IncomingMessage, res: ServerResponse, startMs: number): void;
}

const kStart = Symbol('loadline.monitor.start');
const kRecorder = Symbol('loadline.monitor.recorder');

interface Tracked extends ServerResponse {
  [kStart]?: number;
  [kRecorder]?: FinishRecorder;
}

let subscribed = false;

function onResponseFinish(message: unknown): void {
  const { request, response } = message as { request: IncomingMessage; response: Tracked };
  const recorder = response[kRecorder];
  if (recorder === undefined) return;
  response[kRecorder] = undefined;
  recorder.finish(request, response, response[kStart]!);
}

/** Marks `res` so that its finish is recorded by `recorder`; `startMs` from `performance.now()`. */
export function trackResponse(res: ServerResponse, recorder: FinishRecorder, startMs: number): void {
  if (!subscribed) {
    diagnosticsChannel.subscribe('http.server.response.finish', onResponseFinish);
    subscribed = true;
  }
  (res as Tracked)[kStart] = startMs;
  (res as Tracked)[kRecorder] = recorder;
}
