import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The per-request hook. Instead of a `finish` listener (a closure and a listener per request),
 * the start time and the recorder ride on the response under two symbols, and one process-wide
 * subscriber to node's `http.server.response.finish` diagnostics channel records every finished
 * response. A client that goes away first never finishes the response: node then emits `close`
 * on it, and one shared `close` listener (a module-level function, no closure per request) hands
 * it to the recorder's `abort`, so it leaves the in-flight count. bench/monitor-http.bench.mjs
 * measures this against a finish listener and a wrapped `res.end`.
 */
export interface FinishRecorder {
  finish(req: IncomingMessage, res: ServerResponse, startMs: number): void;
  /** The response closed before it finished (the client disconnected). */
  abort(req: IncomingMessage, res: ServerResponse, startMs: number): void;
}

const kStart = Symbol('loadline.monitor.start');
const kRecorder = Symbol('loadline.monitor.recorder');

interface Tracked extends ServerResponse {
  [kStart]?: number;
  [kRecorder]?: FinishRecorder | undefined;
}

let subscribed = false;

function onResponseFinish(message: unknown): void {
  const { request, response } = message as { request: IncomingMessage; response: Tracked };
  const recorder = response[kRecorder];
  if (recorder === undefined) return;
  response[kRecorder] = undefined;
  recorder.finish(request, response, response[kStart]!);
}

// `close` follows the finish channel on every completed response; only an unfinished one still
// carries its recorder here.
function onResponseClose(this: Tracked): void {
  const recorder = this[kRecorder];
  if (recorder === undefined) return;
  this[kRecorder] = undefined;
  recorder.abort(this.req, this, this[kStart]!);
}

/** Marks `res` so that its finish (or its abort) is recorded by `recorder`; `startMs` from `performance.now()`. */
export function trackResponse(res: ServerResponse, recorder: FinishRecorder, startMs: number): void {
  if (!subscribed) {
    diagnosticsChannel.subscribe('http.server.response.finish', onResponseFinish);
    subscribed = true;
  }
  (res as Tracked)[kStart] = startMs;
  (res as Tracked)[kRecorder] = recorder;
  res.on('close', onResponseClose);
}
