import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The per-request hook. One process-wide subscriber to node's `http.server.response.finish`
 * diagnostics channel records every finished response; nothing is added to the request or the
 * response. A response carrying extra properties gets hidden classes node's own http code never
 * sees otherwise, and its property accesses turn polymorphic and slower: measured as the larger
 * part of the monitor's cost per request (docs/monitor.md, Performance). Instead, the state lives
 * on the connection, set up once per socket: the responses started on it and not finished yet,
 * oldest first (HTTP/1.1 answers a connection's requests in order), with their start times. A
 * socket that closes with responses still unfinished (the client went away) hands each to its
 * recorder's `abort`, so it leaves the in-flight count; one `close` listener per connection, none
 * per request. bench/monitor-http.bench.mjs measures this against a finish listener and a
 * wrapped `res.end`.
 */
export interface FinishRecorder {
  finish(req: IncomingMessage, res: ServerResponse, startMs: number): void;
  /** The connection closed before the response finished (the client disconnected). */
  abort(req: IncomingMessage, res: ServerResponse, startMs: number): void;
}

const kConnection = Symbol('loadline.monitor.connection');

/** The tracked responses of one connection not finished yet: the oldest in the fields, later ones (pipelined) in `queue`. */
class ConnectionResponses {
  res: ServerResponse | undefined = undefined;
  req: IncomingMessage | undefined = undefined;
  recorder: FinishRecorder | undefined = undefined;
  startMs = 0;
  /** Flat `[req, res, recorder, startMs]` groups behind the oldest; rarely used (pipelining). */
  queue: unknown[] = [];

  shift(): void {
    const q = this.queue;
    if (q.length === 0) {
      this.res = undefined;
      this.req = undefined;
      this.recorder = undefined;
      return;
    }
    this.req = q[0] as IncomingMessage;
    this.res = q[1] as ServerResponse;
    this.recorder = q[2] as FinishRecorder;
    this.startMs = q[3] as number;
    q.splice(0, 4);
  }

  /** Finishes `res` if it waits behind the oldest (a response tracked twice, or finished out of order); never in the common case. */
  finishQueued(res: ServerResponse): void {
    const q = this.queue;
    for (let i = 1; i < q.length; i += 4) {
      if (q[i] !== res) continue;
      const [req, , recorder, startMs] = q.splice(i - 1, 4) as [IncomingMessage, ServerResponse, FinishRecorder, number];
      recorder.finish(req, res, startMs);
      return;
    }
  }
}

interface TrackedSocket extends Socket {
  [kConnection]?: ConnectionResponses;
}

let subscribed = false;

function onResponseFinish(message: unknown): void {
  const { response, socket } = message as { response: ServerResponse; socket: TrackedSocket | null };
  const conn = socket?.[kConnection];
  // An untracked response (a monitor endpoint, another handler) finishing is none of ours.
  if (conn === undefined) return;
  while (conn.res === response) {
    const recorder = conn.recorder!;
    const req = conn.req!;
    const startMs = conn.startMs;
    conn.shift();
    recorder.finish(req, response, startMs);
  }
  if (conn.queue.length > 0) conn.finishQueued(response);
}

function onSocketClose(this: TrackedSocket): void {
  const conn = this[kConnection];
  if (conn === undefined) return;
  while (conn.res !== undefined) {
    const { recorder, req, res, startMs } = conn;
    conn.shift();
    recorder!.abort(req!, res, startMs);
  }
}

/** Marks `res` so that its finish (or its abort) is recorded by `recorder`; `startMs` from `performance.now()`. False when `req` has no socket (nothing is tracked). */
export function trackResponse(req: IncomingMessage, res: ServerResponse, recorder: FinishRecorder, startMs: number): boolean {
  const socket = req.socket as TrackedSocket | null;
  if (!socket) return false;
  if (!subscribed) {
    diagnosticsChannel.subscribe('http.server.response.finish', onResponseFinish);
    subscribed = true;
  }
  let conn = socket[kConnection];
  if (conn === undefined) {
    conn = new ConnectionResponses();
    socket[kConnection] = conn;
    socket.once('close', onSocketClose);
  }
  if (conn.res === undefined) {
    conn.req = req;
    conn.res = res;
    conn.recorder = recorder;
    conn.startMs = startMs;
  } else conn.queue.push(req, res, recorder, startMs);
  return true;
}
