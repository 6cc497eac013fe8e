import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body read; a post's text is at most 10,000 characters. Bytes. */
const MAX_BODY_BYTES = 65_536;

/** A request body that is not the JSON object expected: answered 400 (413 when too large). */
export class BadRequest extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

/** Reads the request body as one JSON object. */
export function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest(`body larger than ${MAX_BODY_BYTES} bytes`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reject(new BadRequest('body: expected a JSON object'));
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(new BadRequest('body: expected a JSON object'));
      else resolve(value as Record<string, unknown>);
    });
  });
}

/** Sends a JSON body that is already serialized. */
export function sendJson(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, message: string, headers?: Record<string, string>): void {
  sendJson(res, status, JSON.stringify({ error: message }), headers);
}
