import { createServer, type RequestListener, type Server } from 'node:http';
import { once } from 'node:events';

/** A node:http server listening on a free loopback port. */
export interface LoopbackServer {
  readonly server: Server;
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  /** Drops open connections (keep-alive ones too) and resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1 on a free port, for tests of a handler or middleware against a
 * real socket. `close()` does not wait for idle keep-alive connections, so a test ends at once.
 *
 * @example
 * const app = await listenOnLoopback(monitorHttp(monitor, (req, res) => res.end('ok')));
 * try { await fetch(`${app.url}/users`); } finally { await app.close(); }
 */
export async function listenOnLoopback(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
