/** loadline's HTTP/1.1 wire client: keep-alive pools on raw sockets, for the load engine. */
export { createPool } from './Pool.js';
export { classifyErrorCode, reachedNoServer } from './classifyError.js';
export { parseHeaderBlock } from './parseHeaderBlock.js';
export type { ConnectionPhase } from './classifyError.js';
export type * from './types.js';
