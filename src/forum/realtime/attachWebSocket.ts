import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RoomHub } from './RoomHub.js';

/** The path WebSocket clients connect to. */
export const WEBSOCKET_PATH = '/ws';

/** A client message: `{"type":"join","topicId":1}` or `{"type":"leave","topicId":1}`. */
function parseMessage(data: unknown): { type: 'join' | 'leave'; topicId: number } | undefined {
  try {
    const m = JSON.parse(String(data)) as { type?: unknown; topicId?: unknown };
    if ((m.type === 'join' || m.type === 'leave') && Number.isSafeInteger(m.topicId) && (m.topicId as number) > 0) return { type: m.type, topicId: m.topicId as number };
  } catch {
    // answered below
  }
  return undefined;
}

/**
 * Serves the forum's rooms on `server` at `/ws`: a client sends `{"type":"join","topicId":N}`,
 * gets `{"type":"joined","topicId":N}`, then `{"type":"post","topicId":N,"post":{...}}` for each
 * new post of the topic. Returns a function that closes every socket and the WebSocket server.
 */
export function attachWebSocket(server: Server, hub: RoomHub): { clients(): number; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const onUpgrade = (req: { url?: string }, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] !== WEBSOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req as Parameters<typeof wss.handleUpgrade>[0], socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);
  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => {
      const m = parseMessage(data);
      if (m === undefined) {
        ws.send(JSON.stringify({ type: 'error', error: 'expected {"type":"join"|"leave","topicId":<positive integer>}' }));
        return;
      }
      if (m.type === 'join') hub.join(ws, m.topicId);
      else hub.leave(ws, m.topicId);
      ws.send(JSON.stringify({ type: m.type === 'join' ? 'joined' : 'left', topicId: m.topicId }));
    });
    ws.on('error', () => {});
    ws.once('close', () => hub.disconnected(ws));
  });
  return {
    clients: () => wss.clients.size,
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
