import type { WebSocket } from 'ws';

/** Where WebSocket clients wait for new posts of a topic ("room"). */
export interface RoomHub {
  /** Adds `socket` to the topic's room. */
  join(socket: WebSocket, topicId: number): void;
  /** Removes `socket` from the topic's room. */
  leave(socket: WebSocket, topicId: number): void;
  /** Called once when `socket` closes. */
  disconnected(socket: WebSocket): void;
  /** Sends `message` to every socket in the topic's room. */
  broadcast(topicId: number, message: object): void;
  /** Room memberships held now (a socket in two rooms counts twice): what a leak grows. */
  listenerCount(): number;
}
