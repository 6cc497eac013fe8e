import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from '../../../testing/loopbackServer.js';

/**
 * A loopback target for scenario tests whose handler sees each request's whole body as text
 * (logins read the email they were sent, echo servers return it).
 */
export function listenReadingBody(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<LoopbackServer> {
  return listenOnLoopback((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
}
