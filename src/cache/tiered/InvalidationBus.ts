import type { Redis } from 'ioredis';
import { LoadlineError } from '../../core/index.js';

/** What one instance tells the others to drop from their memory tier. */
export interface InvalidationMessage {
  keys?: string[];
  tags?: string[];
  pattern?: string;
  clear?: boolean;
}

/**
 * Cross-instance L1 invalidation over Redis pub/sub: every write, delete or invalidation is
 * published on one channel per namespace, and every other instance drops its memory copy.
 * Messages from this instance are ignored by it.
 */
export class InvalidationBus {
  readonly channel: string;
  readonly id = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  /** Resolves once subscribed; rejects when subscribing failed (the cache still works, only without cross-instance invalidation until ioredis resubscribes). */
  readonly ready: Promise<void>;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #onMessage: (channel: string, message: string) => void;

  constructor(publisher: Redis, subscriber: Redis, channel: string, apply: (message: InvalidationMessage) => void, onError: (error: unknown) => void) {
    this.channel = channel;
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#onMessage = (ch, raw) => {
      if (ch !== channel) return;
      try {
        const { from, ...message } = JSON.parse(raw) as InvalidationMessage & { from: string };
        if (from !== this.id) apply(message);
      } catch (error) {
        onError(error);
      }
    };
    subscriber.on('message', this.#onMessage);
    this.ready = subscriber.subscribe(channel).then(
      () => undefined,
      (error: unknown) => {
        onError(error);
        throw new LoadlineError('LOADLINE_CACHE_REDIS_UNAVAILABLE', `cannot subscribe to ${channel} for cross-instance invalidation (${(error as Error)?.message ?? String(error)})`, { field: 'subscriber' }, { cause: error });
      },
    );
    this.ready.catch(() => {}); // reported through TieredCache.ready, which may never be awaited
  }

  /** Publishes a message; returns the publish promise (which the caller guards). */
  publish(redis: Redis, message: InvalidationMessage): Promise<number> {
    return redis.publish(this.channel, JSON.stringify({ from: this.id, ...message }));
  }

  async close(): Promise<void> {
    this.#subscriber.off('message', this.#onMessage);
    if (this.#subscriber.status === 'ready') await this.#subscriber.unsubscribe(this.channel).catch(() => {});
    void this.#publisher;
  }
}
