import type { TransportError } from './types.js';

type Kind = TransportError['kind'];

/** Where a connection was when it failed; a failure during the TLS handshake is a `tls` error. */
export type ConnectionPhase = 'connect' | 'tls' | 'open';

const BY_CODE: Readonly<Record<string, Kind>> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ERR_SOCKET_CLOSED: 'reset',
  ERR_PREMATURE_CLOSE: 'reset',
  ERR_STREAM_PREMATURE_CLOSE: 'reset',
  ETIMEDOUT: 'timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  EAI_NODATA: 'dns',
};

/**
 * Maps a socket error to the result file's error kinds from its errno code, and from the phase
 * for TLS: OpenSSL reports handshake failures under many codes (`DEPTH_ZERO_SELF_SIGNED_CERT`,
 * `ERR_SSL_WRONG_VERSION_NUMBER`, `EPROTO`, ...), so anything but a reset during the handshake is `tls`.
 *
 * @example
 * classifyErrorCode('ECONNREFUSED', 'connect'); // 'refused'
 */
export function classifyErrorCode(code: string, phase: ConnectionPhase): Kind {
  const kind = BY_CODE[code];
  if (kind !== undefined) return kind;
  if (phase === 'tls' || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT')) return 'tls';
  return 'other';
}

/** The errno-style code of a thrown value, `EUNKNOWN` when it has none. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length > 0 ? code : 'EUNKNOWN';
}

/** The message of a thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * True for a failure that shows no HTTP server answering: connection refused, a failed TLS
 * handshake (a certificate the client rejects fails every request the same way, hundreds of
 * handshakes a second without a pause), a name that does not resolve, or a reset before any
 * response began (a close in the middle of a response is `ERR_PREMATURE_CLOSE`, not counted).
 *
 * @example
 * reachedNoServer({ kind: 'refused', code: 'ECONNREFUSED', message: '', timings }); // true
 */
export function reachedNoServer(error: Pick<TransportError, 'kind' | 'code'>): boolean {
  const kind = error.kind;
  return kind === 'refused' || kind === 'tls' || kind === 'dns' || (kind === 'reset' && error.code !== 'ERR_PREMATURE_CLOSE' && error.code !== 'ERR_STREAM_PREMATURE_CLOSE');
}
