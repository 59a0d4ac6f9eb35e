/**
 * A bounded write-behind queue for records the live path keeps in memory and the database
 * keeps across restarts (audit, alert history, announcements, rule and threshold documents).
 *
 * push() is synchronous and never throws or waits: the item is queued under its key (a later
 * item with a key still queued replaces it in place: an announcement's newest state, the newest
 * rule set). Nothing is written until attach(db) (the store opens seconds after boot); then a
 * writer drains the queue in batches, in order. A failure of the server or connection keeps the
 * batch queued and retries with exponential backoff (equal jitter); a batch the database refuses
 * for its data is written item by item and the offending items are rejected (counted, logged).
 * A full queue drops the NEW item: counted, logged once per episode, shown in stats().
 * pending() is what is not written yet, for readers that merge it with the database.
 */
import type { Logger } from '@/server/log';
import { errorMessage, isDataError, type Queryable } from '@/server/store/db';

export const WRITE_BEHIND_DEFAULTS = {
  capacity: 50_000,
  batchSize: 200,
  retryBaseMs: 250,
  retryMaxMs: 30_000,
} as const;

export interface WriteBehindOptions<T> {
  /** For logs and stats: `audit`, `alerts`, ... */
  name: string;
  keyOf: (item: T) => string;
  write: (db: Queryable, batch: readonly T[]) => Promise<void>;
  log: Logger;
  capacity?: number;
  batchSize?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
}

export interface WriteBehindStats {
  /** waiting: no database yet; open: writing; abandoned: the database never opened. */
  state: 'waiting' | 'open' | 'abandoned';
  queued: number;
  capacity: number;
  written: number;
  /** Not kept: the queue was full, or there was no database to keep them in. */
  dropped: number;
  /** Refused by the database for their content. */
  rejected: number;
  failing: boolean;
  lastError: string | null;
}

export class WriteBehind<T> {
  private readonly queue = new Map<string, T>();
  private readonly capacity: number;
  private readonly batchSize: number;
  private db: Queryable | null = null;
  private state: WriteBehindStats['state'] = 'waiting';
  private timer: NodeJS.Timeout | undefined;
  private writing = false;
  private failures = 0;
  private fullEpisode = false;
  private counts = { written: 0, dropped: 0, rejected: 0 };
  private lastError: string | null = null;

  readonly name: string;

  constructor(private readonly options: WriteBehindOptions<T>) {
    this.name = options.name;
    this.capacity = options.capacity ?? WRITE_BEHIND_DEFAULTS.capacity;
    this.batchSize = options.batchSize ?? WRITE_BEHIND_DEFAULTS.batchSize;
  }

  push(item: T): void {
    if (this.state === 'abandoned') {
      this.counts.dropped++;
      return;
    }
    const key = this.options.keyOf(item);
    if (!this.queue.has(key) && this.queue.size >= this.capacity) {
      this.counts.dropped++;
      if (!this.fullEpisode) {
        this.fullEpisode = true;
        this.options.log.error({ queue: this.options.name, capacity: this.capacity }, 'write-behind queue full: new records are kept in memory only');
      }
      return;
    }
    if (this.queue.size < this.capacity * 0.9) this.fullEpisode = false;
    this.queue.set(key, item);
    this.kick(0);
  }

  /** The database is open: start writing. */
  attach(db: Queryable): void {
    this.db = db;
    this.state = 'open';
    this.kick(0);
  }

  /** The database will not open: what is queued and what comes later is counted as dropped. */
  abandon(): void {
    this.state = 'abandoned';
    this.counts.dropped += this.queue.size;
    if (this.queue.size > 0) this.options.log.error({ queue: this.options.name, dropped: this.queue.size }, 'no database: queued records are kept in memory only');
    this.queue.clear();
  }

  /** Not written yet, oldest first. */
  pending(): T[] {
    return [...this.queue.values()];
  }

  stats(): WriteBehindStats {
    return { state: this.state, queued: this.queue.size, capacity: this.capacity, ...this.counts, failing: this.failures > 0, lastError: this.lastError };
  }

  /** Resolves true once the queue is empty (waiting for the database to open), false after `timeoutMs` or when abandoned. */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.size > 0) {
      if (this.state === 'abandoned' || Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }

  /** Drain for up to `timeoutMs` (at once when there is no database yet), then stop; true when nothing was left behind. */
  async close(timeoutMs = 5_000): Promise<boolean> {
    const done = await this.flush(this.state === 'open' ? timeoutMs : 0);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.db = null;
    if (!done && this.queue.size > 0) this.options.log.error({ queue: this.options.name, left: this.queue.size }, 'write-behind queue closed with records unwritten');
    return done;
  }

  private kick(delayMs: number): void {
    if (!this.db || this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, delayMs);
    this.timer.unref?.();
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.db && this.queue.size > 0) {
        const batch = [...this.queue].slice(0, this.batchSize);
        const ok = await this.writeBatch(this.db, batch);
        if (!ok) return this.retryLater();
        // Between batches of a backlog, let the live path's timers and sockets run.
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.writing = false;
    }
  }

  /** False on a failure a retry may cure (the batch stays queued). */
  private async writeBatch(db: Queryable, batch: [string, T][]): Promise<boolean> {
    try {
      await this.options.write(db, batch.map(([, item]) => item));
      this.written(batch);
      return true;
    } catch (err) {
      if (!isDataError(err)) return this.failed(err);
      if (batch.length === 1) {
        this.reject(batch[0]!, err);
        return true;
      }
      for (const one of batch) if (!(await this.writeBatch(db, [one]))) return false;
      return true;
    }
  }

  private written(batch: [string, T][]): void {
    for (const [key, item] of batch) {
      // A newer version pushed while this one was written stays queued.
      if (this.queue.get(key) === item) this.queue.delete(key);
    }
    this.counts.written += batch.length;
    if (this.failures > 0) this.options.log.info({ queue: this.options.name, failures: this.failures }, 'write-behind writes recovered');
    this.failures = 0;
  }

  private reject([key, item]: [string, T], err: unknown): void {
    if (this.queue.get(key) === item) this.queue.delete(key);
    this.counts.rejected++;
    this.lastError = errorMessage(err);
    this.options.log.error({ queue: this.options.name, key, err: this.lastError }, 'record refused by the database: kept in memory only');
  }

  private failed(err: unknown): false {
    this.failures++;
    this.lastError = errorMessage(err);
    if (this.failures === 1) this.options.log.warn({ queue: this.options.name, err: this.lastError, queued: this.queue.size }, 'write-behind writes failing: retrying');
    return false;
  }

  private retryLater(): void {
    const base = this.options.retryBaseMs ?? WRITE_BEHIND_DEFAULTS.retryBaseMs;
    const max = this.options.retryMaxMs ?? WRITE_BEHIND_DEFAULTS.retryMaxMs;
    const ceiling = Math.min(max, base * 2 ** Math.min(this.failures - 1, 20));
    const random = this.options.random ?? Math.random;
    this.writing = false;
    this.kick(ceiling / 2 + random() * (ceiling / 2));
  }
}
