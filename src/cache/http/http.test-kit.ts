/** Test support: the loopback server and plain client of loadline/testing, under the names the cache's tests use. */
export { listenOnLoopback as listen } from '../../testing/loopbackServer.js';
export { sendRequest as send, type SentReply as Reply } from '../../testing/sendRequest.js';
