import { describe, expect, it } from 'vitest';
import type { AgentView, FloorDelta, FloorSnapshot } from '@/lib/protocol';
import { encodeDelta } from '@/lib/wire';
import { Broadcaster } from '@/server/state/broadcaster';
import { channelKey } from '@/server/state/broadcaster-channel';
import { FakeFloor, makeAgent, roster } from '@/test/realtime/fake-floor';

function setup(agents: AgentView[] = roster(6, ['A', 'B', 'C']), opts: Partial<ConstructorParameters<typeof Broadcaster>[0]> = {}) {
  const floor = new FakeFloor().seed(agents);
  const b = new Broadcaster({ floor, ...opts });
  floor.onChange = (changed, removed) => {
    b.markDirty(changed);
    b.markRemoved(removed);
  };
  return { floor, b };
}

/** A minimal board: applies a snapshot then deltas strictly in order. */
function board(snapshot: FloorSnapshot) {
  let seq = snapshot.seq;
  const agents = new Map(snapshot.agents.map((a) => [a.extno, a]));
  return {
    apply(delta: FloorDelta): void {
      if (delta.seq !== seq + 1) throw new Error(`gap: have ${seq}, got ${delta.seq}`);
      seq = delta.seq;
      for (const v of delta.upserts) agents.set(v.extno, v);
      for (const extno of delta.removed) agents.delete(extno);
    },
    sorted: () => [...agents.values()].sort((a, b) => a.extno.localeCompare(b.extno)),
    get seq() {
      return seq;
    },
  };
}

const deltaOf = (out: ReturnType<Broadcaster['flush']>, key: string) => out.find((d) => d.channel === key)?.delta;

describe('broadcaster core', () => {
  it('B1: the first change after a quiet spell is due at once', () => {
    const { floor, b } = setup();
    b.subscribe('*', 1_000);
    expect(b.nextFlushAt()).toBeNull();
    floor.patch('1000', { status: 'on_call' });
    expect(b.nextFlushAt()).toBeLessThanOrEqual(1_000);
    expect(b.flush(1_000)).toHaveLength(1);
    // A quiet spell longer than the batch: the next change is due at once again.
    floor.patch('1001', { status: 'on_call' });
    expect(b.nextFlushAt()).toBeLessThanOrEqual(1_500);
  });

  it('B2: changes after a flush wait for the batch interval', () => {
    const { floor, b } = setup(undefined, { batchMs: 100 });
    b.subscribe('*', 0);
    floor.patch('1000', { status: 'on_call' });
    b.flush(1_000);
    floor.patch('1001', { status: 'on_call' });
    expect(b.nextFlushAt()).toBe(1_100);
    floor.patch('1002', { status: 'on_call' });
    expect(b.nextFlushAt()).toBe(1_100);
    const out = b.flush(1_100);
    expect(out).toHaveLength(1);
    expect(out[0]?.delta.upserts.map((v) => v.extno).sort()).toEqual(['1001', '1002']);
  });

  it('B3: last write wins within a batch, one upsert per agent', () => {
    const { floor, b } = setup();
    b.subscribe('*', 0);
    floor.patch('1000', { status: 'on_call' });
    floor.patch('1000', { status: 'wrap_up' });
    floor.patch('1000', { status: 'idle', stateSince: 9_999 });
    const delta = deltaOf(b.flush(10_000), '*');
    expect(delta?.upserts).toHaveLength(1);
    expect(delta?.upserts[0]).toMatchObject({ extno: '1000', status: 'idle', stateSince: 9_999 });
  });

  it('B3: an agent removed and re-added within one batch is sent as an upsert', () => {
    const { floor, b } = setup();
    b.subscribe('*', 0);
    floor.remove('1000');
    floor.upsert(makeAgent('1000', 'A', { name: 'back' }));
    const delta = deltaOf(b.flush(10), '*');
    expect(delta?.removed).toEqual([]);
    expect(delta?.upserts.map((v) => v.name)).toEqual(['back']);
  });

  it('B4: seq is consecutive per channel and the snapshot carries the last one sent', () => {
    const { floor, b } = setup();
    const all = b.subscribe('*', 0);
    const teamA = b.subscribe(['A'], 0);
    const start = b.snapshot(all, 0).seq;
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      floor.patch('1001', { stateSince: i }); // team B: channel A hears nothing
      const out = b.flush(i * 100);
      seqs.push(deltaOf(out, all)?.seq ?? -1);
      expect(deltaOf(out, teamA)).toBeUndefined();
    }
    expect(seqs).toEqual([1, 2, 3, 4, 5].map((n) => start + n));
    expect(b.snapshot(all, 500).seq).toBe(start + 5);
    floor.patch('1000', { stateSince: 1 });
    expect(deltaOf(b.flush(600), teamA)?.seq).toBe(b.snapshot(teamA, 600).seq);
  });

  it('B5: a team channel sees only its teams, the all channel sees everyone', () => {
    const { floor, b } = setup();
    const ab = b.subscribe(['B', 'A'], 0);
    expect(ab).toBe(channelKey(['A', 'B']));
    expect(b.subscribe(['A', 'B', 'A'], 0)).toBe(ab);
    const all = b.subscribe('*', 0);
    expect(b.snapshot(ab, 0).agents.map((a) => a.team).sort()).toEqual(['A', 'A', 'B', 'B']);
    floor.patch('1000', { status: 'on_call' }); // A
    floor.patch('1002', { status: 'on_call' }); // C
    const out = b.flush(0);
    expect(deltaOf(out, ab)?.upserts.map((v) => v.extno)).toEqual(['1000']);
    expect(deltaOf(out, all)?.upserts.map((v) => v.extno).sort()).toEqual(['1000', '1002']);
  });

  it('B6: an agent moving team leaves one channel (removed) and enters the other (upsert)', () => {
    const { floor, b } = setup();
    const a = b.subscribe(['A'], 0);
    const c = b.subscribe(['C'], 0);
    const ac = b.subscribe(['A', 'C'], 0);
    const boards = { a: board(b.snapshot(a, 0)), c: board(b.snapshot(c, 0)), ac: board(b.snapshot(ac, 0)) };
    floor.patch('1000', { team: 'C' });
    const out = b.flush(10);
    expect(deltaOf(out, a)).toMatchObject({ upserts: [], removed: ['1000'] });
    expect(deltaOf(out, c)?.upserts.map((v) => v.extno)).toEqual(['1000']);
    expect(deltaOf(out, ac)).toMatchObject({ removed: [] });
    for (const [key, bd] of [[a, boards.a], [c, boards.c], [ac, boards.ac]] as const) {
      const d = deltaOf(out, key);
      if (d) bd.apply(d);
    }
    expect(boards.a.sorted()).toEqual(floor.expected(['A']));
    expect(boards.c.sorted()).toEqual(floor.expected(['C']));
    expect(boards.ac.sorted()).toEqual(floor.expected(['A', 'C']));
  });

  it('B6: a board that snapshotted an unflushed intermediate team still hears the agent leave', () => {
    const { floor, b } = setup();
    const bKey = b.subscribe(['B'], 0);
    floor.patch('1000', { team: 'B' }); // A -> B, not flushed yet
    const boardB = board(b.snapshot(bKey, 0)); // sees 1000 in B
    floor.patch('1000', { team: 'C' }); // B -> C within the same batch
    const d = deltaOf(b.flush(10), bKey);
    expect(d?.removed).toEqual(['1000']);
    if (d) boardB.apply(d);
    expect(boardB.sorted()).toEqual(floor.expected(['B']));
  });

  it('B6: an agent leaving the roster is removed from every channel that showed it', () => {
    const { floor, b } = setup();
    const all = b.subscribe('*', 0);
    const a = b.subscribe(['A'], 0);
    const c = b.subscribe(['C'], 0);
    floor.remove('1000');
    const out = b.flush(10);
    expect(deltaOf(out, all)?.removed).toEqual(['1000']);
    expect(deltaOf(out, a)?.removed).toEqual(['1000']);
    expect(deltaOf(out, c)).toBeUndefined();
  });

  it('B7: an idle floor sends nothing', () => {
    const { b } = setup();
    b.subscribe('*', 0);
    for (let t = 0; t < 10_000; t += 100) expect(b.flush(t)).toEqual([]);
    expect(b.nextFlushAt()).toBeNull();
    expect(b.channels()[0]?.historyDeltas).toBe(0);
  });

  it('B8: replay returns the deltas after sinceSeq while history holds them, else null for a snapshot', () => {
    const { floor, b } = setup(undefined, { historyMaxDeltas: 3 });
    const all = b.subscribe('*', 0);
    const start = b.snapshot(all, 0).seq;
    const sent: FloorDelta[] = [];
    for (let i = 1; i <= 5; i++) {
      floor.patch('1000', { stateSince: i });
      sent.push(...b.flush(i * 100).map((d) => d.delta));
    }
    expect(b.replaySince(all, start + 5)).toEqual([]);
    expect(b.replaySince(all, start + 3)).toEqual(sent.slice(3));
    expect(b.replaySince(all, start + 2)).toEqual(sent.slice(2));
    expect(b.replaySince(all, start + 1)).toBeNull(); // delta start+2 fell out of the ring
    expect(b.replaySince(all, start + 99)).toBeNull(); // ahead of the channel
    expect(b.replaySince('["nope"]', start)).toBeNull();
  });

  it('B8: history is bounded by age and bytes as well as count', () => {
    const { floor, b } = setup(undefined, { historyMs: 1_000, historyMaxBytes: 2_000 });
    const all = b.subscribe('*', 0);
    for (let i = 1; i <= 50; i++) {
      floor.patch('1000', { stateSince: i });
      b.flush(i * 10);
    }
    const info = b.channels().find((c) => c.key === all);
    expect(info?.historyBytes).toBeLessThanOrEqual(2_000);
    for (let i = 0; i < 3; i++) {
      floor.patch('1000', { stateSince: i });
      b.flush(10_000 + i);
    }
    // Everything older than 1 s before the last flush is gone.
    expect(b.channels().find((c) => c.key === all)?.historyDeltas).toBe(3);
  });

  it('B9: a channel without subscribers is dropped, and its re-creation never reuses a seq', () => {
    const { floor, b } = setup(undefined, { channelGraceMs: 0 });
    const a = b.subscribe(['A'], 0);
    b.subscribe(['A'], 0);
    floor.patch('1000', { stateSince: 5 });
    b.flush(10);
    const oldSeq = b.seqOf(a);
    b.unsubscribe(a, 10);
    expect(b.hasChannel(a)).toBe(true);
    b.unsubscribe(a, 10);
    expect(b.hasChannel(a)).toBe(false);
    floor.patch('1000', { stateSince: 6 });
    expect(b.flush(20)).toEqual([]);
    b.subscribe(['A'], 20);
    expect(b.seqOf(a)).toBeGreaterThan(oldSeq);
    // A board holding the old incarnation's seq is sent to a snapshot, never replayed.
    expect(b.replaySince(a, oldSeq)).toBeNull();
  });

  it('B9: a channel left empty keeps numbering deltas for the grace period, then is dropped with its history', () => {
    const { floor, b } = setup(undefined, { channelGraceMs: 1000 });
    const a = b.subscribe(['A'], 0);
    b.unsubscribe(a, 100);
    floor.patch('1000', { stateSince: 5 });
    const seqBefore = b.seqOf(a);
    // Still within the grace period: the delta goes into the history for boards that resume.
    expect(deltaOf(b.flush(600), a)?.seq).toBe(seqBefore + 1);
    expect(b.channels().find((c) => c.key === a)).toMatchObject({ subscribers: 0, historyDeltas: 1 });
    // A board coming back within the grace period keeps the channel (and its epoch) alive.
    const epoch = b.epochOf(a);
    b.subscribe(['A'], 700);
    b.unsubscribe(a, 800);
    floor.patch('1000', { stateSince: 6 });
    b.flush(1700);
    expect(b.epochOf(a)).toBe(epoch);
    floor.patch('1000', { stateSince: 7 });
    b.flush(1800);
    expect(b.hasChannel(a)).toBe(false);
  });

  it('B11: resumeFrom replays the missed deltas only for the channel incarnation that issued the epoch', () => {
    const { floor, b } = setup(undefined, { channelGraceMs: 0, bootId: 'boot1' });
    const a = b.subscribe(['A'], 0);
    const all = b.subscribe('*', 0);
    const snap = b.snapshot(a, 0);
    expect(snap.epoch).toBe(b.epochOf(a));
    expect(snap.epoch).not.toBe(b.epochOf(all));
    for (let i = 0; i < 3; i++) {
      floor.patch('1000', { stateSince: 10 + i });
      b.flush(100 * (i + 1));
    }
    const missed = b.resumeFrom(a, snap.epoch, snap.seq);
    expect(missed?.map((d) => d.seq)).toEqual([snap.seq + 1, snap.seq + 2, snap.seq + 3]);
    expect(b.resumeFrom(a, snap.epoch, snap.seq + 3)).toEqual([]);
    // Another channel's epoch, another process's epoch, a seq ahead of the channel: snapshot.
    expect(b.resumeFrom(a, b.epochOf(all), snap.seq)).toBeNull();
    expect(b.resumeFrom(a, snap.epoch.replace('boot1', 'boot2'), snap.seq)).toBeNull();
    expect(b.resumeFrom(a, snap.epoch, snap.seq + 4)).toBeNull();
    // The channel dropped and re-created: a new epoch, the old one refused.
    b.unsubscribe(a, 400);
    b.subscribe(['A'], 500);
    expect(b.epochOf(a)).not.toBe(snap.epoch);
    expect(b.resumeFrom(a, snap.epoch, snap.seq + 3)).toBeNull();
  });

  it('B10: each channel delta comes with its wire form, the views encoded once and shared by every channel', () => {
    const { floor, b } = setup();
    const all = b.subscribe('*', 0);
    const teamA = b.subscribe(['A'], 0);
    floor.patch('1000', { status: 'on_call', name: '张三' });
    floor.remove('1001');
    const out = b.flush(1234);
    expect(out).toHaveLength(2);
    for (const d of out) expect(d.wire).toEqual(encodeDelta(d.delta));
    const wireOf = (key: string) => out.find((d) => d.channel === key)!.wire;
    // The same encoded agent object on both channels: encoded once per flush (B10).
    expect(wireOf(all)[2][0]).toBe(wireOf(teamA)[2][0]);
  });

  it('B9: a new channel starts its seq at the clock so seqs of an earlier process are not reused', () => {
    const { b } = setup();
    expect(b.seqOf(b.subscribe('*', 1_700_000_000_123))).toBe(1_700_000_000_123);
  });

  it('B10: flush work follows the dirty set, reading each view once whatever the number of channels', () => {
    const agents = roster(10_000, ['A', 'B', 'C', 'D']);
    const floor = new FakeFloor().seed(agents);
    const b = new Broadcaster({ floor });
    let views = 0;
    const view = floor.view.bind(floor);
    floor.view = (extno) => {
      views += 1;
      return view(extno);
    };
    b.subscribe('*', 0);
    b.subscribe(['A'], 0);
    b.subscribe(['A', 'B'], 0);
    b.subscribe(['A', 'C', 'D'], 0);
    const dirty = agents.slice(0, 1_000).map((a) => a.extno);
    for (const extno of dirty) floor.agents.set(extno, { ...floor.agents.get(extno)!, status: 'on_call' });
    b.markDirty(dirty);
    const out = b.flush(0);
    expect(views).toBe(1_000);
    // Channels share the same view objects rather than copies.
    const star = deltaOf(out, '*')?.upserts.find((v) => v.extno === '1000');
    expect(deltaOf(out, channelKey(['A']))?.upserts.find((v) => v.extno === '1000')).toBe(star);
    expect(deltaOf(out, channelKey(['A']))?.upserts).toHaveLength(250);
  });

  it('B4: a board applying every delta in order ends identical to a fresh snapshot', () => {
    const { floor, b } = setup(roster(40, ['A', 'B', 'C']));
    const keys = [b.subscribe('*', 0), b.subscribe(['A'], 0), b.subscribe(['B', 'C'], 0)];
    const boards = new Map(keys.map((k) => [k, board(b.snapshot(k, 0))]));
    let rnd = 42;
    const next = () => (rnd = (rnd * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let step = 1; step <= 200; step++) {
      const extno = String(1000 + Math.floor(next() * 45));
      const roll = next();
      if (!floor.agents.has(extno)) floor.upsert(makeAgent(extno, 'A'));
      else if (roll < 0.1) floor.remove(extno);
      else if (roll < 0.3) floor.patch(extno, { team: ['A', 'B', 'C'][Math.floor(next() * 3)] ?? 'A' });
      else floor.patch(extno, { stateSince: step });
      if (step % 7 === 0) for (const d of b.flush(step)) boards.get(d.channel)?.apply(d.delta);
    }
    for (const d of b.flush(1_000)) boards.get(d.channel)?.apply(d.delta);
    for (const k of keys) expect(boards.get(k)?.sorted()).toEqual(b.snapshot(k, 1_000).agents.sort((x, y) => x.extno.localeCompare(y.extno)));
  });
});
