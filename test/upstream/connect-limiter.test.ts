import { describe, expect, it } from 'vitest';
import { createConnectQueue, type TimerApi, TokenBucket } from '@/server/upstream/connect-limiter';

/** A manual clock and timer wheel: time moves only when the test says so. */
function manualTime() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const api: TimerApi = {
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h) {
      timers.delete(h as number);
    },
    setInterval() {
      throw new Error('not used');
    },
    clearInterval() {},
  };
  return {
    now: () => now,
    timers: api,
    pending: () => timers.size,
    /** Advance to `until`, firing due timers in time order. */
    advanceTo(until: number) {
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const t of timers) if (t[1].at <= until && (!due || t[1].at < due[1].at)) due = t;
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = until;
    },
  };
}

describe('token bucket', () => {
  it('CONNECT-bucket: starts full at burst, then refills at perSecond on the injected clock', () => {
    let t = 1_000;
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, () => t);
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
    expect(bucket.msUntilNext()).toBe(100);
    t += 99;
    expect(bucket.tryTake()).toBe(false);
    t += 1;
    expect(bucket.tryTake()).toBe(true);
    t += 60_000; // a long quiet spell refills only up to burst
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false]);
  });

  it('CONNECT-clock-back: a clock stepping backwards neither mints nor destroys tokens', () => {
    let t = 10_000;
    const bucket = new TokenBucket({ perSecond: 10, burst: 1 }, () => t);
    expect(bucket.tryTake()).toBe(true);
    t -= 5_000;
    expect(bucket.tryTake()).toBe(false);
    t += 100;
    expect(bucket.tryTake()).toBe(true);
  });

  it('CONNECT-bucket-invalid: a zero rate or burst is refused', () => {
    expect(() => new TokenBucket({ perSecond: 0, burst: 5 })).toThrow(RangeError);
    expect(() => new TokenBucket({ perSecond: 5, burst: 0 })).toThrow(RangeError);
  });
});

describe('connect queue', () => {
  it('CONNECT-rate: N connects over T never exceed burst + perSecond*T, in FIFO order', () => {
    const time = manualTime();
    const rate = { perSecond: 200, burst: 50 };
    const queue = createConnectQueue({ rate, now: time.now, timers: time.timers });
    const ran: { key: string; at: number }[] = [];
    for (let i = 0; i < 1_000; i++) queue.enqueue(`a${i}`, () => ran.push({ key: `a${i}`, at: time.now() }));
    expect(ran).toHaveLength(0); // nothing runs synchronously inside enqueue
    for (let t = 0; t <= 6_000; t += 7) time.advanceTo(t);

    expect(ran.map((r) => r.key)).toEqual(Array.from({ length: 1_000 }, (_, i) => `a${i}`));
    // Every window [ran[i].at, ran[j].at] holds at most burst + rate * T connects.
    const violations: string[] = [];
    for (let i = 0; i < ran.length; i++) {
      for (let j = i; j < ran.length; j++) {
        const T = ((ran[j]?.at ?? 0) - (ran[i]?.at ?? 0)) / 1000;
        if (j - i + 1 > rate.burst + rate.perSecond * T + 1e-9) violations.push(`${j - i + 1} connects in ${T}s`);
      }
    }
    expect(violations).toEqual([]);
    // The limit is the only brake: all 1000 were done by burst + (1000 - burst) / rate seconds (+ one tick).
    expect(ran.at(-1)?.at).toBeLessThanOrEqual(Math.ceil(((1_000 - rate.burst) / rate.perSecond) * 1000) + 7);
    expect(time.pending()).toBe(0);
  });

  it('CONNECT-one-timer: however long the queue, at most one timer is pending', () => {
    const time = manualTime();
    const queue = createConnectQueue({ rate: { perSecond: 10, burst: 1 }, now: time.now, timers: time.timers });
    for (let i = 0; i < 500; i++) queue.enqueue(`k${i}`, () => {});
    expect(time.pending()).toBe(1);
    time.advanceTo(1_000);
    expect(time.pending()).toBe(1);
    expect(queue.size()).toBeGreaterThan(0);
  });

  it('CONNECT-keep-place: enqueuing a queued key keeps its place and runs only the latest function', () => {
    const time = manualTime();
    const queue = createConnectQueue({ rate: { perSecond: 1, burst: 3 }, now: time.now, timers: time.timers });
    const ran: string[] = [];
    queue.enqueue('a', () => ran.push('a1'));
    queue.enqueue('b', () => ran.push('b'));
    queue.enqueue('a', () => ran.push('a2'));
    queue.enqueue('c', () => ran.push('c'));
    time.advanceTo(0);
    expect(ran).toEqual(['a2', 'b', 'c']);
  });

  it('CONNECT-cancel: a cancelled connect never runs, and an emptied queue leaves no timer', () => {
    const time = manualTime();
    const queue = createConnectQueue({ rate: { perSecond: 1, burst: 1 }, now: time.now, timers: time.timers });
    const ran: string[] = [];
    queue.enqueue('a', () => ran.push('a'));
    queue.enqueue('b', () => ran.push('b'));
    time.advanceTo(0);
    expect(queue.cancel('b')).toBe(true);
    expect(time.pending()).toBe(0);
    time.advanceTo(5_000);
    expect(ran).toEqual(['a']);
  });

  it('CONNECT-throw: a connect that throws is reported and the queue keeps draining', () => {
    const time = manualTime();
    const errors: string[] = [];
    const queue = createConnectQueue({
      rate: { perSecond: 1, burst: 5 },
      now: time.now,
      timers: time.timers,
      onError: (key) => errors.push(key),
    });
    const ran: string[] = [];
    queue.enqueue('a', () => {
      throw new Error('boom');
    });
    queue.enqueue('b', () => ran.push('b'));
    time.advanceTo(0);
    expect(errors).toEqual(['a']);
    expect(ran).toEqual(['b']);
  });

  it('CONNECT-close: close() drops the queue and its timer', () => {
    const time = manualTime();
    const queue = createConnectQueue({ rate: { perSecond: 1, burst: 1 }, now: time.now, timers: time.timers });
    const ran: string[] = [];
    for (const k of ['a', 'b', 'c']) queue.enqueue(k, () => ran.push(k));
    time.advanceTo(0);
    queue.close();
    expect(time.pending()).toBe(0);
    queue.enqueue('d', () => ran.push('d'));
    time.advanceTo(10_000);
    expect(ran).toEqual(['a']);
    expect(queue.size()).toBe(0);
  });
});
