import { getSystemErrorName } from 'node:util';

/**
 * Writes to a plain TCP socket's libuv handle directly, past `net.Socket`'s Writable stream:
 * one C++ call (`uv_try_write`) per write instead of the stream's write, buffering and
 * after-write tick machinery, about a third of the client's user time per request on a small
 * keep-alive GET. Ordering stays libuv's: a write that does not fit the kernel's buffer is queued
 * by libuv, and later ones queue behind it. Only used where the socket's stream never writes (the
 * connection writes everything here), and only when node exposes what it needs; otherwise the
 * connection writes with `socket.write`.
 */

/** The WriteWrap request node's C++ `writeBuffer` fills in when a write goes asynchronous. */
interface WriteReq {
  oncomplete?: (status: number) => void;
}

interface StreamHandle {
  writeBuffer(req: WriteReq, data: Buffer): number;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

/** node's stream binding, or null where it is not there in the expected shape (another runtime, a later node). */
const binding: StreamWrapBinding | null = loadBinding();

function loadBinding(): StreamWrapBinding | null {
  // `process.binding` warns (DEP0111) under --pending-deprecation: the stream path is used then.
  const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (flags.includes('--pending-deprecation') || flags.includes('--throw-deprecation') || process.env.NODE_PENDING_DEPRECATION === '1') return null;
  try {
    const legacy = (process as unknown as { binding?: (name: string) => unknown }).binding;
    if (typeof legacy !== 'function') return null;
    const b = legacy.call(process, 'stream_wrap') as Partial<StreamWrapBinding> | undefined;
    if (b === undefined || typeof b.WriteWrap !== 'function' || !(b.streamBaseState instanceof Int32Array) || typeof b.kLastWriteWasAsync !== 'number') return null;
    return b as StreamWrapBinding;
  } catch {
    return null;
  }
}

/** What a `HandleWriter` tells its connection. */
export interface HandleWriterOwner {
  /** A write failed (synchronously or when libuv finished it): `code` is the errno name, e.g. `EPIPE`. */
  onWriteError(code: string): void;
}

export class HandleWriter {
  readonly #handle: StreamHandle;
  readonly #owner: HandleWriterOwner;
  readonly #state: Int32Array;
  readonly #async: number;
  readonly #WriteWrap: new () => WriteReq;
  /** A request object not yet handed to libuv: reused until a write goes asynchronous and keeps it. */
  #spare: WriteReq | null = null;
  /** Asynchronous writes libuv has not finished. */
  pending = 0;
  readonly #onComplete = (status: number): void => {
    this.pending--;
    if (status < 0) this.#owner.onWriteError(errorName(status));
  };

  private constructor(handle: StreamHandle, owner: HandleWriterOwner, b: StreamWrapBinding) {
    this.#handle = handle;
    this.#owner = owner;
    this.#state = b.streamBaseState;
    this.#async = b.kLastWriteWasAsync;
    this.#WriteWrap = b.WriteWrap;
  }

  /**
   * A writer for `socket`'s handle, or null when writing past the stream is not possible: no
   * binding, a TLS socket (its handle takes cleartext through OpenSSL), or a handle without
   * `writeBuffer`. Call once the socket is connected, before anything was written to it.
   */
  static for(socket: { _handle?: unknown; writableLength: number }, owner: HandleWriterOwner): HandleWriter | null {
    if (binding === null || socket.writableLength !== 0) return null;
    const handle = socket._handle as Partial<StreamHandle> | null | undefined;
    if (handle === null || handle === undefined || typeof handle.writeBuffer !== 'function') return null;
    return new HandleWriter(handle as StreamHandle, owner, binding);
  }

  /**
   * Writes `data`. A write the kernel took whole returns at once (the usual case); one it did not
   * is finished by libuv, which holds `data` until then (do not reuse it before `pending` is 0).
   */
  write(data: Buffer): void {
    const req = this.#spare ?? new this.#WriteWrap();
    this.#spare = null;
    const err = this.#handle.writeBuffer(req, data);
    if (err !== 0) {
      // Not reused: libuv may have taken it before failing.
      this.#owner.onWriteError(errorName(err));
      return;
    }
    if (this.#state[this.#async] !== 0) {
      this.pending++;
      req.oncomplete = this.#onComplete;
    } else this.#spare = req;
  }
}

function errorName(status: number): string {
  try {
    return getSystemErrorName(status);
  } catch {
    return 'EUNKNOWN';
  }
}
