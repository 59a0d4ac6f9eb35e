/**
 * Redis connections for the cluster (ioredis): reconnect forever with a capped delay, and fail
 * commands at once while disconnected (no offline queue), so nothing piles up unbounded in the
 * client; the callers' own bounded buffers decide what is kept for later.
 */
import { Redis } from 'ioredis';
import type { Logger } from '@/server/log';

export type { Redis } from 'ioredis';

/**
 * `queueWhileDown`: keep commands while disconnected (ioredis's default). Only for Socket.IO's
 * adapter: it duplicates the client for its XREAD loop and retries a failed read at once, which
 * without a queue would spin while Redis is down; its own stream bounds what it sends.
 */
export function connectRedis(url: string, name: string, log: Pick<Logger, 'warn' | 'info'>, queueWhileDown = false): Redis {
  const client = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: queueWhileDown,
    maxRetriesPerRequest: queueWhileDown ? null : 1,
    retryStrategy: (times) => Math.min(50 * times, 1000),
    lazyConnect: false,
  });
  let down = false;
  client.on('error', (err: Error) => {
    // ioredis emits an error per failed reconnect attempt: log the first of each outage only.
    if (down) return;
    down = true;
    log.warn({ err: err.message, connection: name }, 'redis unreachable');
  });
  client.on('ready', () => {
    if (down) log.info({ connection: name }, 'redis reachable again');
    down = false;
  });
  return client;
}

/** Resolves once the client is ready (the first connection may take a moment). */
export function whenReady(client: Redis, timeoutMs = 10_000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}
