/**
 * The write-behind queue of the stores that left memory (server/persist/write-behind.ts): never
 * waits, writes nothing before the database is open, retries what the server fails, rejects
 * only what the database refuses for its content, and counts what it cannot keep. A fake
 * writer stands in for the database; fake timers drive the backoff.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Queryable } from '@/server/store/db';
import { WriteBehind, type WriteBehindOptions } from '@/server/persist/write-behind';
import { silentLog } from './helpers';

const DB = {} as Queryable;

interface Item {
  key: string;
  v: number;
}

function sqlError(code: string): Error {
  return Object.assign(new Error(`sqlstate ${code}`), { code });
}

/** A writer that records batches and fails as told. */
function writer() {
  const batches: Item[][] = [];
  const stored = new Map<string, number>();
  let fail: ((batch: readonly Item[]) => Error | null) | null = null;
  return {
    batches,
    stored,
    failWith(f: typeof fail) {
      fail = f;
    },
    write: async (_db: Queryable, batch: readonly Item[]) => {
      const err = fail?.(batch) ?? null;
      if (err) throw err;
      batches.push([...batch]);
      for (const i of batch) stored.set(i.key, i.v);
    },
  };
}

function queue(w: ReturnType<typeof writer>, over: Partial<WriteBehindOptions<Item>> = {}) {
  return new WriteBehind<Item>({ name: 'test', keyOf: (i) => i.key, write: w.write, log: silentLog, random: () => 1, retryBaseMs: 100, ...over });
}

const item = (key: string, v = 1): Item => ({ key, v });

describe('write-behind queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('WB-1: nothing is written before the database is open; then everything, in order, in batches', async () => {
    const w = writer();
    const q = queue(w, { batchSize: 2 });
    for (const k of ['a', 'b', 'c']) q.push(item(k));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.batches).toEqual([]);
    expect(q.pending().map((i) => i.key)).toEqual(['a', 'b', 'c']);
    expect(q.stats()).toMatchObject({ state: 'waiting', queued: 3 });
    q.attach(DB);
    await vi.advanceTimersByTimeAsync(10);
    expect(w.batches.map((b) => b.map((i) => i.key))).toEqual([['a', 'b'], ['c']]);
    expect(q.stats()).toMatchObject({ state: 'open', queued: 0, written: 3, dropped: 0 });
  });

  it('WB-2: a failing server keeps the batch queued and retries with growing backoff; nothing lost, nothing doubled', async () => {
    const w = writer();
    const q = queue(w);
    q.attach(DB);
    let failures = 0;
    w.failWith(() => (failures++ < 3 ? sqlError('08006') : null));
    q.push(item('a'));
    q.push(item('b'));
    await vi.advanceTimersByTimeAsync(1);
    expect(q.stats()).toMatchObject({ failing: true, queued: 2, lastError: 'sqlstate 08006' });
    // Backoff 100, 200, 400 ms (random() = 1: the ceiling).
    await vi.advanceTimersByTimeAsync(100);
    expect(failures).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(failures).toBe(3);
    expect(w.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(w.batches).toEqual([[item('a'), item('b')]]);
    expect(q.stats()).toMatchObject({ failing: false, queued: 0, written: 2 });
  });

  it('WB-3: a full queue drops the new item (counted), keeps what it holds; a queued key still takes its newer version', async () => {
    const w = writer();
    const q = queue(w, { capacity: 2 });
    q.push(item('a'));
    q.push(item('b'));
    q.push(item('c'));
    q.push(item('a', 2));
    expect(q.pending()).toEqual([item('a', 2), item('b')]);
    expect(q.stats()).toMatchObject({ queued: 2, dropped: 1 });
    q.attach(DB);
    await vi.advanceTimersByTimeAsync(10);
    expect([...w.stored]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('WB-4: an item the database refuses for its content is rejected alone; the rest of its batch is written', async () => {
    const w = writer();
    const q = queue(w);
    w.failWith((batch) => (batch.some((i) => i.key === 'bad') ? sqlError('23514') : null));
    for (const k of ['a', 'bad', 'c']) q.push(item(k));
    q.attach(DB);
    await vi.advanceTimersByTimeAsync(10);
    expect([...w.stored.keys()]).toEqual(['a', 'c']);
    expect(q.stats()).toMatchObject({ queued: 0, written: 2, rejected: 1, failing: false });
  });

  it('WB-5: a newer version pushed while the older one is being written stays queued and is written next', async () => {
    const w = writer();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = queue(w, {
      write: async (db, batch) => {
        if (batch[0]!.v === 1) await gate;
        await w.write(db, batch);
      },
    });
    q.attach(DB);
    q.push(item('doc', 1));
    await vi.advanceTimersByTimeAsync(1);
    q.push(item('doc', 2));
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(w.batches.map((b) => b[0]!.v)).toEqual([1, 2]);
    expect(w.stored.get('doc')).toBe(2);
    expect(q.stats().queued).toBe(0);
  });

  it('WB-6: without a database, what was queued and what comes later is counted as dropped, never silently lost', async () => {
    const w = writer();
    const q = queue(w);
    q.push(item('a'));
    q.abandon();
    q.push(item('b'));
    expect(q.stats()).toMatchObject({ state: 'abandoned', queued: 0, dropped: 2 });
    expect(await q.flush(10)).toBe(true);
  });
});
