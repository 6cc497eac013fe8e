import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The per-request hook. Nothing is added to the request or the response and no listener is
 * registered per request: a tracked request's state waits on its connection, and one
 * process-wide subscriber to node's `http.server.response.finish` diagnostics channel records
 * every finished response. A client that goes away first never finishes its response: node then
 * closes the socket, and the one `close` listener each connection gets (a module-level function,
 * added when the connection carries its first tracked request) hands every response still
 * waiting on it to the recorder's `abort`, so it leaves the in-flight count. Per request this costs
 * fewer instructions than two symbol properties and a `close` listener on each response, which
 * change node's response objects behind its back (bench/cachegrind/, docs/monitor.md).
 */
export interface FinishRecorder {
  finish(req: IncomingMessage, res: ServerResponse, startMs: number): void;
  /** The response closed before it finished (the client disconnected). */
  abort(req: IncomingMessage, res: ServerResponse, startMs: number): void;
}

const hrtime = process.hrtime;

/**
 * A monotonic clock in milliseconds (from an arbitrary origin) for request durations. On node 20
 * `performance.now()` checks its receiver with an `Object.prototype.hasOwnProperty` call every
 * time (54 instructions under cachegrind); `process.hrtime()` only allocates a two-element array.
 */
export function monotonicMs(): number {
  const t = hrtime();
  return t[0] * 1e3 + t[1] / 1e6;
}

/** A pipelined response tracked while another one was in flight on its connection. */
interface Queued {
  res: ServerResponse;
  recorder: FinishRecorder;
  startMs: number;
}

/**
 * The tracked responses in flight on one connection. A keep-alive connection carries one request
 * at a time: it waits in the slot, without allocation; pipelined ones behind it wait in `queued`.
 */
class ConnectionRequests {
  res: ServerResponse | undefined = undefined;
  recorder: FinishRecorder | undefined = undefined;
  startMs = 0;
  queued: Queued[] | undefined = undefined;
}

const kRequests = Symbol('loadline.monitor.requests');

interface TrackedSocket extends Socket {
  [kRequests]?: ConnectionRequests;
}

interface FinishMessage {
  request: IncomingMessage;
  response: ServerResponse;
  socket: TrackedSocket;
}

let subscribed = false;

function onResponseFinish(message: unknown): void {
  const { request, response, socket } = message as FinishMessage;
  const waiting = socket[kRequests];
  if (waiting === undefined) return;
  if (waiting.res === response) {
    const recorder = waiting.recorder!;
    waiting.res = undefined;
    waiting.recorder = undefined;
    recorder.finish(request, response, waiting.startMs);
  } else if (waiting.queued !== undefined) finishQueued(waiting.queued, request, response);
}

function finishQueued(queued: Queued[], req: IncomingMessage, res: ServerResponse): void {
  for (let i = 0; i < queued.length; i++) {
    const q = queued[i]!;
    if (q.res !== res) continue;
    queued.splice(i, 1);
    q.recorder.finish(req, res, q.startMs);
    return;
  }
}

// Finished responses left the connection's state on the finish channel, before the socket closed:
// whatever still waits here never finished.
function onSocketClose(this: TrackedSocket): void {
  const waiting = this[kRequests]!;
  const res = waiting.res;
  if (res !== undefined) {
    const recorder = waiting.recorder!;
    waiting.res = undefined;
    waiting.recorder = undefined;
    recorder.abort(res.req, res, waiting.startMs);
  }
  const queued = waiting.queued;
  if (queued === undefined) return;
  waiting.queued = undefined;
  for (const q of queued) q.recorder.abort(q.res.req, q.res, q.startMs);
}

function connectionOf(socket: TrackedSocket): ConnectionRequests {
  let waiting = socket[kRequests];
  if (waiting === undefined) {
    waiting = socket[kRequests] = new ConnectionRequests();
    socket.on('close', onSocketClose);
  }
  return waiting;
}

/**
 * Marks the response to `req` so that its finish (or its abort) is recorded by `recorder`;
 * `startMs` from `monotonicMs()`. Returns false, tracking nothing, for a request without a
 * socket (not one a node:http server received).
 */
export function trackResponse(req: IncomingMessage, res: ServerResponse, recorder: FinishRecorder, startMs: number): boolean {
  if (!subscribed) {
    diagnosticsChannel.subscribe('http.server.response.finish', onResponseFinish);
    subscribed = true;
  }
  const socket = req.socket as TrackedSocket | null;
  if (socket === null || socket === undefined) return false;
  const waiting = connectionOf(socket);
  if (waiting.res === undefined || waiting.res === res) {
    waiting.res = res;
    waiting.recorder = recorder;
    waiting.startMs = startMs;
  } else (waiting.queued ??= []).push({ res, recorder, startMs });
  return true;
}
