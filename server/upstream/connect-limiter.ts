/**
 * A bounded connect rate shared by every upstream link.
 *
 * After a mass disconnect (call-system restart, network blip) all links fail at once. Without
 * a limit, 10,000 agents would reconnect in the same second and knock the call system over
 * again. Every connect goes through one FIFO queue drained by one timer, at most
 * `burst + perSecond * T` connects in any window of T seconds (a token bucket).
 */

export interface ConnectRate {
  /** Tokens added per second (steady connect rate). */
  perSecond: number;
  /** Bucket size: connects allowed at once after a quiet spell. */
  burst: number;
}

export const DEFAULT_CONNECT_RATE: Readonly<ConnectRate> = Object.freeze({ perSecond: 200, burst: 50 });

/** The timer functions the limiter and the links use; injectable so tests can track or fake them. */
export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const realTimers: TimerApi = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/** A token bucket on an injected clock. Starts full. Pure apart from its own fields. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: ConnectRate,
    private readonly now: () => number = Date.now,
  ) {
    if (!(rate.perSecond > 0) || !(rate.burst >= 1)) {
      throw new RangeError(`connect rate needs perSecond > 0 and burst >= 1, got ${JSON.stringify(rate)}`);
    }
    this.tokens = rate.burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    // A clock that steps backwards must not mint or destroy tokens.
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.tokens = Math.min(this.rate.burst, this.tokens + (elapsed * this.rate.perSecond) / 1000);
  }

  /** Take one token if there is one. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until the next token (0 when one is available now); always an integer. */
  msUntilNext(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 1000) / this.rate.perSecond);
  }
}

export interface ConnectQueue {
  /**
   * Queue `run` under `key`. A key already queued keeps its place (its function is replaced),
   * so a link asking twice never jumps ahead of, or falls behind, the others.
   */
  enqueue(key: string, run: () => void): void;
  /** Drop a queued connect (the link was removed or replaced). */
  cancel(key: string): boolean;
  has(key: string): boolean;
  size(): number;
  /** Drop everything and stop the timer. */
  close(): void;
}

export interface ConnectQueueOptions {
  rate: ConnectRate;
  now?: () => number;
  timers?: TimerApi;
  /** Called when a queued function throws: the queue itself must keep draining. */
  onError?: (key: string, err: unknown) => void;
}

export function createConnectQueue(options: ConnectQueueOptions): ConnectQueue {
  const timers = options.timers ?? realTimers;
  const bucket = new TokenBucket(options.rate, options.now ?? Date.now);
  // A Map iterates in insertion order and deletes in O(1): a FIFO with cancel by key.
  const queue = new Map<string, () => void>();
  let timer: unknown = null;
  let closed = false;

  function drain(): void {
    timer = null;
    while (queue.size > 0 && !closed) {
      if (!bucket.tryTake()) break;
      // Take the head afresh each time: `run` may enqueue or cancel other keys.
      const head = queue.entries().next().value as [string, () => void];
      const [key, run] = head;
      queue.delete(key);
      try {
        run();
      } catch (err) {
        options.onError?.(key, err);
      }
    }
    schedule();
  }

  function schedule(): void {
    if (closed || timer !== null || queue.size === 0) return;
    timer = timers.setTimeout(drain, Math.max(1, bucket.msUntilNext()));
  }

  return {
    enqueue(key, run) {
      if (closed) return;
      queue.set(key, run);
      // Drain on a timer, never synchronously: callers (setRoster, a close handler) should
      // finish their own bookkeeping before any socket is created.
      if (timer === null) timer = timers.setTimeout(drain, 0);
    },
    cancel(key) {
      const had = queue.delete(key);
      if (queue.size === 0 && timer !== null) {
        timers.clearTimeout(timer);
        timer = null;
      }
      return had;
    },
    has: (key) => queue.has(key),
    size: () => queue.size,
    close() {
      closed = true;
      queue.clear();
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
