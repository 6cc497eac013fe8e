import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkInteger, checkString } from '../../core/index.js';
import { checkMonitor } from '../checkMonitor.js';
import type { Monitor } from '../Monitor.js';
import { handleMonitorRequest } from './monitorEndpoints.js';

export interface ServeMonitorOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (loopback only). */
  host?: string;
}

export interface MonitorServer {
  server: Server;
  /** Base URL, e.g. `http://127.0.0.1:9464`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves only the monitor's endpoints on a port of their own (for services that keep metrics off
 * the public port). Anything else answers 404.
 *
 * @example
 * const { url } = await serveMonitor(monitor, { port: 9464 });
 */
export async function serveMonitor(monitor: Monitor, options: ServeMonitorOptions = {}): Promise<MonitorServer> {
  checkMonitor(monitor);
  const port = checkInteger(options.port ?? 0, 'port', { min: 0, max: 65535 });
  const host = checkString(options.host ?? '127.0.0.1', 'host');
  const server = createServer((req, res) => {
    if (!handleMonitorRequest(monitor, req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
    }
  });
  return listen(server, port, host);
}

/** Starts `server` on `host:port` and gives its base URL and a `close` that also ends kept-alive connections. */
export async function listen(server: Server, port: number, host: string): Promise<MonitorServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
