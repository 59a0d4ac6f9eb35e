/**
 * Request-id deduplication: a double click, or a reconnecting browser re-sending the same
 * request id, gets the first result and the call system is called once. The entry holds the
 * promise, so a duplicate arriving while the first is still in flight waits for the same answer.
 *
 * Bounded both ways: entries expire after `ttlMs` and the oldest go first past `max`.
 */

interface Entry<T> {
  fingerprint: string;
  promise: Promise<T>;
  expiresAt: number;
}

export interface IdempotencyOptions {
  /** Default 10 minutes. */
  ttlMs?: number;
  /** Default 10 000 entries. */
  max?: number;
  now?: () => number;
}

export class IdempotencyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(options: IdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.max = options.max ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The live entry for `key`, if any. `fingerprint` tells a genuine re-send from a reused id. */
  get(key: string): { fingerprint: string; promise: Promise<T> } | undefined {
    this.prune();
    return this.entries.get(key);
  }

  set(key: string, fingerprint: string, promise: Promise<T>): void {
    this.prune();
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, promise, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Insertion order is expiry order (one ttl for all), so expired entries sit at the front. */
  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
