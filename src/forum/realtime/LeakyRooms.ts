import { EventEmitter } from 'node:events';
import { WebSocket } from 'ws';
import type { RoomHub } from './RoomHub.js';

/**
 * Naive rooms, as seed 003 found them: each join subscribes a closure to a process-wide event
 * bus and nothing ever unsubscribes it, so every disconnected socket stays reachable (with its
 * buffers) and every later broadcast still walks it. The max-listeners warning that would have
 * told is silenced, as it usually is once it gets noisy.
 */
export class LeakyRooms implements RoomHub {
  readonly #bus = new EventEmitter();

  constructor() {
    this.#bus.setMaxListeners(0);
  }

  join(socket: WebSocket, topicId: number): void {
    this.#bus.on(`topic:${topicId}`, (message: object) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    });
  }

  leave(): void {
    // The listener was an anonymous closure: there is no reference left to remove it with.
  }

  disconnected(): void {}

  broadcast(topicId: number, message: object): void {
    this.#bus.emit(`topic:${topicId}`, message);
  }

  listenerCount(): number {
    let n = 0;
    for (const event of this.#bus.eventNames()) n += this.#bus.listenerCount(event);
    return n;
  }
}
