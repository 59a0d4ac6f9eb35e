import { describe, expect, it } from 'vitest';
import { FloorSync, MAX_HELD_DELTAS } from '@/lib/client/floor-sync';
import { agent, delta, snapshot } from './fixtures';

function synced(seq = 10) {
  const s = new FloorSync();
  s.applySnapshot(snapshot(seq, [agent('1001'), agent('1002')]));
  return s;
}

describe('floor sync: snapshot first, then numbered deltas', () => {
  it('C6: the resume point is the snapshot epoch and the last seq applied; none before a snapshot', () => {
    expect(new FloorSync().resumePoint()).toBeNull();
    const s = synced(10);
    s.applyDelta(delta(11, [agent('1001', { status: 'on_call' })]));
    expect(s.resumePoint()).toEqual({ epoch: 'test.1', seq: 11 });
  });

  it('C6: a replay applies the deltas after the board seq; ones already held are ignored, a short one asks to resync', () => {
    const s = synced(10);
    s.applyDelta(delta(11));
    const out = s.applyReplay({ from: 10, seq: 12, epoch: 'test.1', serverTime: 0, deltas: [delta(11), delta(12, [agent('1003')])] });
    expect(out).toMatchObject({ ignored: 1, resyncFrom: null });
    expect(s.seq).toBe(12);
    expect(s.agents.has('1003')).toBe(true);
    // A replay that does not reach its own seq leaves a gap: ask again.
    expect(s.applyReplay({ from: 12, seq: 14, epoch: 'test.1', serverTime: 0, deltas: [delta(13)] }).resyncFrom).toBe(13);
  });

  it('C6: a replay of another epoch changes nothing and asks to resync', () => {
    const s = synced(10);
    const out = s.applyReplay({ from: 10, seq: 11, epoch: 'other.1', serverTime: 0, deltas: [delta(11, [agent('1009')])] });
    expect(s.agents.has('1009')).toBe(false);
    expect(s.seq).toBe(10);
    expect(out.resyncFrom).toBe(10);
  });

  it('C7: a malformed packet asks for a resync once, from 0 before any snapshot', () => {
    const fresh = new FloorSync();
    expect(fresh.malformed().resyncFrom).toBe(0);
    expect(fresh.malformed().resyncFrom).toBeNull();
    expect(synced(10).malformed().resyncFrom).toBe(10);
  });

  it('a snapshot replaces everything and sets the seq', () => {
    const s = synced(10);
    expect(s.seq).toBe(10);
    expect([...s.agents.keys()]).toEqual(['1001', '1002']);
    const out = s.applySnapshot(snapshot(3, [agent('2001')]));
    expect(s.seq).toBe(3);
    expect([...s.agents.keys()]).toEqual(['2001']);
    expect(out.structural).toBe(true);
    expect([...out.changed].sort()).toEqual(['1001', '1002', '2001']);
  });

  it('applies delta seq only right after seq - 1', () => {
    const s = synced(10);
    const out = s.applyDelta(delta(11, [agent('1001', { status: 'on_call' })]));
    expect(s.seq).toBe(11);
    expect(s.agents.get('1001')?.status).toBe('on_call');
    expect([...out.changed]).toEqual(['1001']);
    expect(out.resyncFrom).toBeNull();
  });

  it('ignores a delta at or below the current seq (old news)', () => {
    const s = synced(10);
    const out = s.applyDelta(delta(10, [agent('1001', { status: 'wrap_up' })]));
    expect(out.ignored).toBe(1);
    expect(s.agents.get('1001')?.status).toBe('idle');
    expect(s.seq).toBe(10);
  });

  it('a gap holds the delta and asks to resync from the current seq, once', () => {
    const s = synced(10);
    const out = s.applyDelta(delta(13, [agent('1001', { status: 'on_call' })]));
    expect(out.resyncFrom).toBe(10);
    expect(s.agents.get('1001')?.status).toBe('idle');
    expect(s.heldCount).toBe(1);
    const again = s.applyDelta(delta(14));
    expect(again.resyncFrom).toBeNull();
    expect(s.resyncPending).toBe(true);
  });

  it('a replay is applied in order and then the held deltas follow on', () => {
    const s = synced(10);
    s.applyDelta(delta(13, [agent('1001', { status: 'wrap_up' })]));
    const out = s.applyResync({
      kind: 'replay',
      deltas: [delta(12, [agent('1001', { status: 'on_call' })]), delta(11, [agent('1002', { status: 'on_call' })])],
    });
    expect(s.seq).toBe(13);
    expect(s.agents.get('1001')?.status).toBe('wrap_up');
    expect(s.agents.get('1002')?.status).toBe('on_call');
    expect(s.heldCount).toBe(0);
    expect(out.resyncFrom).toBeNull();
    expect(s.resyncPending).toBe(false);
  });

  it('a snapshot reply replaces, and held deltas past it still apply', () => {
    const s = synced(10);
    s.applyDelta(delta(21, [agent('3001')]));
    s.applyResync({ kind: 'snapshot', snapshot: snapshot(20, [agent('1001', { status: 'signed_out' })]) });
    expect(s.seq).toBe(21);
    expect([...s.agents.keys()].sort()).toEqual(['1001', '3001']);
  });

  it('a replay that still leaves a gap asks again', () => {
    const s = synced(10);
    s.applyDelta(delta(15));
    const out = s.applyResync({ kind: 'replay', deltas: [delta(11), delta(12)] });
    expect(s.seq).toBe(12);
    expect(out.resyncFrom).toBe(12);
  });

  it('deltas before the first snapshot are held, then applied after it', () => {
    const s = new FloorSync();
    const early = s.applyDelta(delta(6, [agent('1001', { status: 'on_call' })]));
    expect(early.resyncFrom).toBeNull();
    s.applyDelta(delta(5, [agent('1001', { status: 'wrap_up' })]));
    s.applySnapshot(snapshot(5, [agent('1001')]));
    expect(s.seq).toBe(6);
    expect(s.agents.get('1001')?.status).toBe('on_call');
  });

  it('a reconnect asks to resync from the current seq', () => {
    const s = synced(42);
    expect(s.reconnected().resyncFrom).toBe(42);
    expect(new FloorSync().reconnected().resyncFrom).toBeNull();
  });

  it('a failed resync allows (and makes) a new request', () => {
    const s = synced(10);
    s.applyDelta(delta(12));
    expect(s.resyncFailed().resyncFrom).toBe(10);
  });

  it('upserts replace agent objects, removals drop them', () => {
    const s = synced(10);
    const before = s.agents.get('1002');
    const out = s.applyDelta(delta(11, [agent('1002', { status: 'on_call' }), agent('1003')], ['1001']));
    expect(s.agents.get('1002')).not.toBe(before);
    expect(s.agents.has('1001')).toBe(false);
    expect(out.structural).toBe(true);
    expect([...out.changed].sort()).toEqual(['1001', '1002', '1003']);
  });

  it('held deltas are bounded', () => {
    const s = synced(0);
    for (let i = 2; i < MAX_HELD_DELTAS + 10; i++) s.applyDelta(delta(i));
    expect(s.heldCount).toBeLessThanOrEqual(MAX_HELD_DELTAS);
  });

  it('keeps announcements newest first without duplicates', () => {
    const s = new FloorSync();
    s.applySnapshot({ ...snapshot(1, []), announcements: [{ id: 'a', text: 'x', at: 1 }] });
    expect(s.addAnnouncement({ id: 'b', text: 'y', at: 2 })).toBe(true);
    expect(s.addAnnouncement({ id: 'b', text: 'y', at: 2 })).toBe(false);
    expect(s.announcements.map((a) => a.id)).toEqual(['b', 'a']);
  });
});
