import { request as httpRequest } from 'node:http';
import type { RequestSpec, ResponseInfo } from '../../http/types.js';

/**
 * Sends a built `RequestSpec` with node:http (a reference client, independent of loadline's own)
 * and answers in the wire client's `ResponseInfo` shape, for tests of the scenario pieces.
 * `bodyOnlyWhenCaptured` mimics the wire client, which keeps the body only for `captureBody`.
 */
export function sendWithNodeHttp(origin: string, spec: RequestSpec, { bodyOnlyWhenCaptured = false } = {}): Promise<ResponseInfo> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${spec.path}`, { method: spec.method, headers: spec.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode!,
          headers: res.headers as Record<string, string | string[]>,
          body: bodyOnlyWhenCaptured && !spec.captureBody ? undefined : body,
          bytes: body.length,
          timings: { blocked: 0, connect: 0, tls: 0, ttfb: 0, receive: 0 },
        });
      });
    });
    req.on('error', reject);
    req.end(spec.body);
  });
}
