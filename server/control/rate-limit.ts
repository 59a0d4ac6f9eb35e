/**
 * Per-user token bucket: `capacity` actions at once, refilled evenly over `windowMs`
 * (10 actions / 10 s by default). It protects the call system and the audit trail from a
 * stuck key or a script, not from a determined attacker (that is the session's job).
 */

export interface RateLimitOptions {
  capacity?: number;
  windowMs?: number;
  /** Buckets kept at most; full buckets are forgotten first. Default 10 000. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions = {}) {
    this.capacity = options.capacity ?? 10;
    this.perMs = this.capacity / (options.windowMs ?? 10_000);
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.refill(this.buckets.get(key), now);
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs) };
    }
    bucket.tokens -= 1;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evict(now);
    return { ok: true };
  }

  private refill(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.capacity, at: now };
    const tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    return { tokens, at: now };
  }

  private evict(now: number): void {
    if (this.buckets.size <= this.maxKeys) return;
    for (const [key, bucket] of this.buckets) {
      if (this.refill(bucket, now).tokens >= this.capacity) this.buckets.delete(key);
    }
    // Still too many busy users: drop the least recently active (they get a fresh bucket).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
