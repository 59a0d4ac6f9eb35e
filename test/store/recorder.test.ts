/**
 * The recorder's queue, batching, retry and overflow rules with a fake writer and fake timers
 * (no database: the database-backed outage tests are in recorder-outage.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/server/store/db';
import type { RecordItem } from '@/server/store/record-items';
import { createRecorder, type RecorderAlarm, type RecorderOptions } from '@/server/store/recorder';
import { silentLog } from './helpers';

function transition(i: number): RecordItem {
  return { kind: 'transition', extno: String(1000 + i), team: 'A', from: 'idle', to: 'on_call', at: i, prevDurationMs: 1 };
}

class FakeWriter {
  batches: RecordItem[][] = [];
  /** Throw this on the next calls while set. */
  failWith: unknown = null;
  /** Items (by extno) the "database" refuses as bad data. */
  poison = new Set<string>();
  attempts = 0;
  write = async (_db: Db, items: readonly RecordItem[]): Promise<void> => {
    this.attempts += 1;
    await Promise.resolve();
    if (this.failWith) throw this.failWith;
    if (items.some((i) => 'extno' in i && this.poison.has(i.extno))) {
      throw Object.assign(new Error('value too long'), { code: '22001' });
    }
    this.batches.push([...items]);
  };
  get written(): RecordItem[] {
    return this.batches.flat();
  }
}

/**
 * Advance fake time, then let the writer's between-batch yields run. setImmediate stays real
 * (see useFakeTimers below): the writer yields a macrotask between batches, as in production.
 */
async function tick(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 20; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(0);
  }
}

const connRefused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('recorder (fake writer, fake timers)', () => {
  let w: FakeWriter;
  let alarms: RecorderAlarm[];
  const make = (o: Partial<RecorderOptions> = {}) =>
    createRecorder({
      db: {} as Db,
      log: silentLog,
      write: w.write,
      onAlarm: (a) => alarms.push(a),
      random: () => 0.5,
      ...o,
    });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    w = new FakeWriter();
    alarms = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('H5: record() returns at once without writing, and never throws, even for garbage', () => {
    const r = make();
    expect(r.record(transition(1))).toBeUndefined();
    expect(() => r.record(undefined as unknown as RecordItem)).not.toThrow();
    expect(() => r.record({ kind: 'nope' } as unknown as RecordItem)).not.toThrow();
    expect(w.attempts).toBe(0);
    expect(r.stats()).toMatchObject({ queued: 1, rejected: 2 });
    expect(alarms.filter((a) => a.type === 'item_rejected')).toHaveLength(2);
  });

  it('H6: a trickle is written as one batch per flush interval', async () => {
    vi.setSystemTime(0);
    const r = make({ flushIntervalMs: 250 });
    for (let i = 0; i < 5; i++) r.record(transition(i));
    await tick(249);
    expect(w.batches).toHaveLength(0);
    await tick(1);
    expect(w.batches.map((b) => b.length)).toEqual([5]);
    expect(r.stats()).toMatchObject({ queued: 0, written: 5, writtenByKind: { transition: 5 }, lastFlushAt: 250 });
  });

  it('H6b: a full batch goes out at once, in order, without waiting for the interval', async () => {
    const r = make({ flushIntervalMs: 10_000, batchSize: 100 });
    for (let i = 0; i < 250; i++) r.record(transition(i));
    await tick(0);
    expect(w.batches.map((b) => b.length)).toEqual([100, 100]);
    await tick(10_000);
    expect(w.batches.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(w.written.map((i) => (i.kind === 'transition' ? i.at : -1))).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('H7: a failed batch is retried with growing backoff and nothing is lost or reordered', async () => {
    const r = make({ flushIntervalMs: 100, retryBaseMs: 1000, retryMaxMs: 8000, batchSize: 10 });
    w.failWith = connRefused;
    for (let i = 0; i < 25; i++) r.record(transition(i));
    await tick(0); // 25 >= 10: first attempt at once
    expect(w.attempts).toBe(1);
    expect(r.stats()).toMatchObject({ failing: true, consecutiveFailures: 1, queued: 25, lastError: /ECONNREFUSED/ });
    expect(alarms).toEqual([{ type: 'write_failing', error: expect.stringMatching(/ECONNREFUSED/), queued: 25 }]);
    // Equal jitter with random() = 0.5: 75 % of the ceiling: 750, 1500, 3000, 6000, 6000 ms.
    const delays = [750, 1500, 3000, 6000, 6000];
    for (const [n, d] of delays.entries()) {
      await tick(d - 1);
      expect(w.attempts).toBe(n + 1);
      await tick(1);
      expect(w.attempts).toBe(n + 2);
    }
    // The live path keeps recording during the outage.
    for (let i = 25; i < 40; i++) r.record(transition(i));
    expect(r.stats().queued).toBe(40);
    w.failWith = null;
    await tick(6000);
    expect(r.stats()).toMatchObject({ failing: false, queued: 0, written: 40, consecutiveFailures: 0 });
    expect(w.written.map((i) => (i.kind === 'transition' ? i.at : -1))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(alarms.map((a) => a.type)).toEqual(['write_failing', 'write_recovered']);
  });

  it('H8: a full queue drops new items, counts them by kind and raises one alarm per episode', async () => {
    const r = make({ capacity: 10, batchSize: 5, flushIntervalMs: 100, retryBaseMs: 1000, retryMaxMs: 1000 });
    w.failWith = connRefused;
    for (let i = 0; i < 10; i++) r.record(transition(i));
    r.record(transition(10));
    r.record({ kind: 'receipt', announcementId: 1, extno: '1', deliveredAt: 1 });
    r.record({ kind: 'audit', at: 1, actorId: null, actorName: null, actorRole: null, action: 'x', result: 'ok' });
    const s = r.stats();
    expect(s).toMatchObject({ queued: 10, dropped: 3, droppedByKind: { transition: 1, call: 0, audit: 1, receipt: 1 } });
    expect(alarms.filter((a) => a.type === 'queue_full')).toEqual([
      { type: 'queue_full', capacity: 10, droppedByKind: { transition: 1, call: 0, audit: 0, receipt: 0 } },
    ]);
    // Drained below 90 %, then full again: a second alarm.
    w.failWith = null;
    await tick(1000);
    expect(r.stats()).toMatchObject({ queued: 0, written: 10 });
    w.failWith = connRefused;
    for (let i = 0; i < 11; i++) r.record(transition(100 + i));
    expect(alarms.filter((a) => a.type === 'queue_full')).toHaveLength(2);
    expect(r.stats().dropped).toBe(4);
  });

  it('H9: an item the database refuses for its data is isolated and rejected; the rest is written', async () => {
    const r = make({ batchSize: 8, flushIntervalMs: 100 });
    w.poison.add('1005');
    for (let i = 0; i < 8; i++) r.record(transition(i));
    await tick(0);
    expect(r.stats()).toMatchObject({ queued: 0, written: 7, rejected: 1, failing: false });
    expect(w.written.map((i) => (i.kind === 'transition' ? i.extno : ''))).not.toContain('1005');
    expect(w.written).toHaveLength(7);
    expect(alarms).toEqual([{ type: 'item_rejected', kind: 'transition', error: 'value too long' }]);
    // Back to full batches afterwards.
    for (let i = 10; i < 18; i++) r.record(transition(i));
    await tick(0);
    expect(w.batches.at(-1)).toHaveLength(8);
  });

  it('H10: flush() writes what is queued now; close() drains, then refuses new items', async () => {
    const r = make({ flushIntervalMs: 60_000 });
    r.record(transition(1));
    r.record(transition(2));
    const flushed = r.flush();
    await tick(0);
    expect(await flushed).toBe(true);
    expect(w.written).toHaveLength(2);
    r.record(transition(3));
    const closed = r.close();
    await tick(0);
    expect(await closed).toBe(true);
    r.record(transition(4));
    expect(r.stats()).toMatchObject({ written: 3, dropped: 1, queued: 0 });
  });

  it('H10b: close() gives up after its timeout while the database is down, and says so', async () => {
    const r = make({ retryBaseMs: 100, retryMaxMs: 100 });
    w.failWith = connRefused;
    r.record(transition(1));
    const closed = r.close(1_000);
    await tick(1_000);
    expect(await closed).toBe(false);
    expect(r.stats()).toMatchObject({ queued: 1, written: 0, failing: true });
    const attempts = w.attempts;
    await tick(10_000);
    expect(w.attempts).toBe(attempts); // no timers left running
  });

  it('H5b: stats report the age of the oldest queued item', async () => {
    vi.setSystemTime(5_000);
    const r = make({ flushIntervalMs: 1_000 });
    r.record(transition(1));
    vi.setSystemTime(5_400);
    r.record(transition(2));
    expect(r.stats().oldestQueuedAt).toBe(5_000);
    await tick(1_000);
    expect(r.stats().oldestQueuedAt).toBeNull();
  });

  it('H7b: audit items get their idempotency key when recorded, so a retry replays the same key', async () => {
    const seen: string[] = [];
    let fail = true;
    const rec = createRecorder({
      db: {} as Db,
      log: silentLog,
      write: async (_db, items) => {
        for (const i of items) if (i.kind === 'audit' && i.eventId) seen.push(i.eventId);
        if (fail) {
          fail = false;
          throw connRefused;
        }
      },
      flushIntervalMs: 10,
      retryBaseMs: 100,
      random: () => 0,
    });
    rec.record({ kind: 'audit', at: 1, actorId: null, actorName: null, actorRole: null, action: 'x', result: 'ok' });
    await tick(200);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]).toBe(seen[0]);
    await rec.close(0);
  });
});
