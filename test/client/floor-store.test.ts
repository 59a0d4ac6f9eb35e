import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FloorClock } from '@/lib/client/floor-clock';
import { FloorStore } from '@/lib/client/floor-store';
import type { FloorTransport, FloorTransportHandlers, FrameScheduler } from '@/lib/client/floor-transport';
import type { Ack, CallDetail, ResyncReply } from '@/lib/protocol';
import { T0, agent, delta, snapshot } from './fixtures';

class FakeTransport implements FloorTransport {
  h!: FloorTransportHandlers;
  resyncs: number[] = [];
  resyncReply: (since: number) => Promise<Ack<ResyncReply>> = () => new Promise(() => {});
  watches: (string | null)[] = [];
  start(h: FloorTransportHandlers) {
    this.h = h;
  }
  resync(since: number) {
    this.resyncs.push(since);
    return this.resyncReply(since);
  }
  watchPop(extno: string | null): Promise<Ack<CallDetail | null>> {
    this.watches.push(extno);
    return Promise.resolve({ ok: true, data: null });
  }
  stop() {}
}

/** Frames run only when the test says so. */
class ManualFrames implements FrameScheduler {
  pending: (() => void) | null = null;
  scheduled = 0;
  schedule(cb: () => void) {
    this.pending = cb;
    this.scheduled += 1;
    return () => (this.pending = null);
  }
  run() {
    const cb = this.pending;
    this.pending = null;
    cb?.();
  }
}

let transport: FakeTransport;
let frames: ManualFrames;
let store: FloorStore;
let browserNow: number;

beforeEach(() => {
  vi.useFakeTimers();
  browserNow = T0;
  transport = new FakeTransport();
  frames = new ManualFrames();
  const clock = new FloorClock(() => browserNow);
  store = new FloorStore({ transport, scheduler: frames, clock, now: () => browserNow });
  store.start();
  transport.h.connected();
  transport.h.snapshot(snapshot(1, [agent('1001'), agent('1002'), agent('1003')]));
  frames.run();
});

afterEach(() => {
  store.stop();
  vi.useRealTimers();
});

const spec = { teams: [], statuses: [], query: '', sort: 'extno', group: 'none' } as const;

describe('floor store', () => {
  it('buffers deltas and applies them at most once per animation frame', () => {
    const seen: string[] = [];
    store.subscribeAgent('1001', () => seen.push('1001'));
    transport.h.delta(delta(2, [agent('1001', { status: 'on_call' })]));
    transport.h.delta(delta(3, [agent('1001', { status: 'wrap_up' })]));
    expect(frames.scheduled).toBe(2); // the snapshot's frame, then one for both deltas
    expect(store.getAgent('1001')?.status).toBe('idle');
    frames.run();
    expect(store.getAgent('1001')?.status).toBe('wrap_up');
    expect(seen).toEqual(['1001']);
  });

  it('counts what it applied for the perf probe: deltas, changed agents and one flush per frame', () => {
    const before = store.stats;
    transport.h.delta(delta(2, [agent('1001', { status: 'on_call' })]));
    transport.h.delta(delta(3, [agent('1002', { status: 'on_call' }), agent('1003', { status: 'wrap_up' })]));
    expect(store.stats).toEqual(before);
    frames.run();
    expect(store.stats).toEqual({ deltas: before.deltas + 2, changedAgents: before.changedAgents + 3, flushes: before.flushes + 1 });
    expect(store.seq).toBe(3);
  });

  it('a change re-renders only the tiles it touches', () => {
    const calls: Record<string, number> = { '1001': 0, '1002': 0, '1003': 0 };
    for (const id of Object.keys(calls)) store.subscribeAgent(id, () => (calls[id] = (calls[id] ?? 0) + 1));
    transport.h.delta(delta(2, [agent('1002', { status: 'on_call' })]));
    frames.run();
    expect(calls).toEqual({ '1001': 0, '1002': 1, '1003': 0 });
  });

  it('the id order keeps its reference when a delta does not change it', () => {
    const before = store.getGroups(spec);
    transport.h.delta(delta(2, [agent('1002', { status: 'on_call' })]));
    frames.run();
    expect(store.getGroups(spec)).toBe(before);
    transport.h.delta(delta(3, [agent('1000')]));
    frames.run();
    expect(store.getGroups(spec)).not.toBe(before);
    expect(store.getGroups(spec)[0]?.ids).toEqual(['1000', '1001', '1002', '1003']);
  });

  it('a status change re-orders at the next clock tick, not on every delta', () => {
    const status = { ...spec, group: 'status' } as const;
    const before = store.getGroups(status);
    let notified = 0;
    store.subscribeOrder(() => (notified += 1));
    transport.h.delta(delta(2, [agent('1002', { status: 'on_call' })]));
    frames.run();
    expect(notified).toBe(0);
    expect(store.getGroups(status)).toBe(before);
    vi.advanceTimersByTime(1010); // the next second boundary
    expect(notified).toBe(1);
    expect(store.getGroups(status).map((g) => [g.key, g.ids])).toEqual([
      ['status:idle', ['1001', '1003']],
      ['status:on_call', ['1002']],
    ]);
  });

  it('a roster change re-orders at once', () => {
    let notified = 0;
    store.subscribeOrder(() => (notified += 1));
    transport.h.delta(delta(2, [], ['1003']));
    frames.run();
    expect(notified).toBe(1);
    expect(store.getGroups(spec)[0]?.ids).toEqual(['1001', '1002']);
  });

  it('tiles keep a stable DOM rank in roster order', () => {
    expect(['1003', '1001', '1002'].sort((a, b) => store.getRank(a) - store.getRank(b))).toEqual(['1001', '1002', '1003']);
  });

  it('a gap asks the server to resync from the current seq and applies the replay in order', async () => {
    let answer!: (a: Ack<ResyncReply>) => void;
    transport.resyncReply = () => new Promise((r) => (answer = r));
    transport.h.delta(delta(4, [agent('1001', { status: 'wrap_up' })]));
    frames.run();
    expect(transport.resyncs).toEqual([1]);
    expect(store.getConnection().syncing).toBe(true);
    answer({ ok: true, data: { kind: 'replay', deltas: [delta(2), delta(3, [agent('1001', { status: 'on_call' })])] } });
    await Promise.resolve();
    frames.run();
    expect(store.seq).toBe(4);
    expect(store.getAgent('1001')?.status).toBe('wrap_up');
    expect(store.getConnection()).toMatchObject({ phase: 'live', syncing: false });
  });

  it('a failed resync is retried after a pause', async () => {
    transport.resyncReply = () => Promise.resolve({ ok: false, code: 'busy', message: 'try later' });
    transport.h.delta(delta(5));
    frames.run();
    await Promise.resolve();
    expect(transport.resyncs).toEqual([1]);
    vi.advanceTimersByTime(1000);
    frames.run();
    expect(transport.resyncs).toEqual([1, 1]);
  });

  it('a dropped socket says reconnecting, then down after 10 s', () => {
    transport.h.disconnected('transport close');
    expect(store.getConnection().phase).toBe('reconnecting');
    const since = store.getConnection().since;
    vi.advanceTimersByTime(10_000);
    expect(store.getConnection()).toMatchObject({ phase: 'down', since });
  });

  it('after a reconnect the join snapshot is enough: no resync is sent', () => {
    transport.h.disconnected('transport close');
    transport.h.connected();
    transport.h.snapshot(snapshot(7, [agent('1001')]));
    frames.run();
    vi.advanceTimersByTime(5000);
    frames.run();
    expect(transport.resyncs).toEqual([]);
    expect(store.getConnection().phase).toBe('live');
  });

  it('C6: a reconnect offers what the board holds, and the replay that comes back brings it live without a resync', () => {
    transport.h.delta(delta(2, [agent('1001', { status: 'on_call' })]));
    frames.run();
    transport.h.disconnected('transport close');
    expect(transport.h.resumePoint()).toEqual({ epoch: 'test.1', seq: 2 });
    transport.h.connected();
    transport.h.replay({ from: 2, seq: 4, epoch: 'test.1', serverTime: T0, deltas: [delta(3, [agent('1002', { status: 'wrap_up' })]), delta(4, [], ['1003'])] });
    frames.run();
    vi.advanceTimersByTime(5000);
    frames.run();
    expect(transport.resyncs).toEqual([]);
    expect(store.seq).toBe(4);
    expect(store.getAgent('1002')?.status).toBe('wrap_up');
    expect(store.getAgent('1003')).toBeUndefined();
    expect(store.getConnection().phase).toBe('live');
    expect(transport.h.resumePoint()).toEqual({ epoch: 'test.1', seq: 4 });
  });

  it('C7: a packet that failed to decode is dropped and the board resyncs from its seq (from 0 before any snapshot)', () => {
    transport.h.malformed('floor:delta: delta: expected an array of 4-4');
    frames.run();
    expect(transport.resyncs).toEqual([1]);
    expect(store.getConnection().syncing).toBe(true);
    expect(store.getAgent('1001')?.status).toBe('idle');
  });

  it('a reconnect with no snapshot resyncs from the last seq', () => {
    transport.h.disconnected('transport close');
    transport.h.connected();
    vi.advanceTimersByTime(3000);
    frames.run();
    expect(transport.resyncs).toEqual([1]);
  });

  it('a refused handshake is shown as refused, not as reconnecting', () => {
    transport.h.refused('FORBIDDEN');
    expect(store.getConnection()).toMatchObject({ phase: 'down', refused: 'FORBIDDEN' });
  });

  it('a slow-board answer waits for the server snapshot instead of retrying', async () => {
    transport.resyncReply = () => Promise.resolve({ ok: false, code: 'SLOW_BOARD', message: 'paused' });
    transport.h.delta(delta(5));
    frames.run();
    await Promise.resolve();
    vi.advanceTimersByTime(20_000);
    frames.run();
    expect(transport.resyncs).toEqual([1]);
  });

  it('a snapshot always wins, even with a lower seq', () => {
    transport.h.delta(delta(2, [agent('1001', { status: 'on_call' })]));
    transport.h.snapshot(snapshot(0, [agent('2001')]));
    frames.run();
    expect(store.seq).toBe(0);
    expect(store.getAgent('1001')).toBeUndefined();
    expect(store.getAgent('2001')).toBeDefined();
  });

  it('timers use the server clock offset from serverTime', () => {
    transport.h.delta(delta(2, [], [], T0 + 60_000));
    frames.run();
    expect(store.serverNow()).toBe(T0 + 60_000);
  });

  it('KPIs are cached per second and per change', () => {
    const a = store.getKpis([], T0);
    expect(store.getKpis([], T0)).toBe(a);
    expect(a.counts.idle).toBe(3);
    transport.h.delta(delta(2, [agent('1001', { status: 'on_call' })]));
    frames.run();
    expect(store.getKpis([], T0).counts.on_call).toBe(1);
  });

  it('announcements are kept newest first', () => {
    transport.h.announcement({ id: 'x', text: '午休 12:00', at: T0 });
    frames.run();
    expect(store.getAnnouncements().map((a) => a.text)).toEqual(['午休 12:00']);
  });

  it('watching a screen pop asks the server and stops on null', async () => {
    store.watchPop('1001');
    expect(store.getPop()).toEqual({ status: 'loading', extno: '1001' });
    await Promise.resolve();
    expect(store.getPop()).toEqual({ status: 'ready', extno: '1001', detail: null });
    store.watchPop(null);
    expect(transport.watches).toEqual(['1001', null]);
  });
});
