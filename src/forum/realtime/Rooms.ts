import { WebSocket } from 'ws';
import type { RoomHub } from './RoomHub.js';

/**
 * Rooms with cleanup (the `ws-cleanup` fix): each socket's memberships are tracked so a
 * disconnect removes all of them, and a broadcast serializes its message once for the room.
 */
export class Rooms implements RoomHub {
  readonly #rooms = new Map<number, Set<WebSocket>>();
  readonly #memberships = new Map<WebSocket, Set<number>>();

  join(socket: WebSocket, topicId: number): void {
    let room = this.#rooms.get(topicId);
    if (room === undefined) this.#rooms.set(topicId, (room = new Set()));
    room.add(socket);
    let joined = this.#memberships.get(socket);
    if (joined === undefined) this.#memberships.set(socket, (joined = new Set()));
    joined.add(topicId);
  }

  leave(socket: WebSocket, topicId: number): void {
    const room = this.#rooms.get(topicId);
    if (room !== undefined && room.delete(socket) && room.size === 0) this.#rooms.delete(topicId);
    this.#memberships.get(socket)?.delete(topicId);
  }

  disconnected(socket: WebSocket): void {
    for (const topicId of this.#memberships.get(socket) ?? []) {
      const room = this.#rooms.get(topicId);
      if (room !== undefined && room.delete(socket) && room.size === 0) this.#rooms.delete(topicId);
    }
    this.#memberships.delete(socket);
  }

  broadcast(topicId: number, message: object): void {
    const room = this.#rooms.get(topicId);
    if (room === undefined) return;
    const text = JSON.stringify(message);
    for (const socket of room) if (socket.readyState === WebSocket.OPEN) socket.send(text);
  }

  listenerCount(): number {
    let n = 0;
    for (const room of this.#rooms.values()) n += room.size;
    return n;
  }
}
