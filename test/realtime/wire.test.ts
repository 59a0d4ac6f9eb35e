import { describe, expect, it } from 'vitest';
import { AGENT_STATUSES, LINK_STATES } from '@/lib/domain/status';
import type { AgentView, CallSummary, FloorDelta, FloorReplay, FloorSnapshot } from '@/lib/protocol';
import {
  WireError,
  decodeDelta,
  decodeReplay,
  decodeResyncReply,
  decodeSnapshot,
  encodeDelta,
  encodeReplay,
  encodeResyncReply,
  encodeSnapshot,
} from '@/lib/wire';
import { makeAgent } from './fake-floor';

const T = 1_795_480_000_123;

const call = (over: Partial<CallSummary> = {}): CallSummary => ({
  sessionId: 'S-20261124-0001',
  city: '浙江-杭州',
  phoneMasked: '138****5678',
  customerName: '王小明',
  projectId: 12,
  taskId: 3456,
  connectedAt: T - 65_432,
  held: false,
  endedAt: null,
  ...over,
});

/** Every status, link and optional field in some combination. */
function variety(): AgentView[] {
  const out: AgentView[] = [];
  AGENT_STATUSES.forEach((status, i) => {
    LINK_STATES.forEach((link, j) => {
      out.push(
        makeAgent(String(1000 + i * 10 + j), i % 2 ? '客服一组' : 'Team B', {
          name: i % 2 ? '李四·张' : `Agent "quoted" \\ ${j}`,
          status,
          link,
          stateSince: T - 1234 * (i + 1),
          linkSince: T - 99_000 - j,
          lastFrameAt: j === 0 ? null : T - 17 * j,
          call: status === 'on_call' ? call({ held: j % 2 === 1 }) : status === 'wrap_up' ? call({ endedAt: T - 5000 }) : null,
          today: { calls: i + j, talkSeconds: 61.5 * i, wrapSeconds: 7, longestIdleSeconds: 300, ...(j % 2 ? { idleSeconds: 1200 } : {}) },
          pendingSignOut: (i + j) % 3 === 0,
        }),
      );
    });
  });
  // A call still open on an agent whose link never sent a frame (lastFrameAt null before the call).
  out.push(makeAgent('2000', '客服一组', { status: 'on_call', lastFrameAt: null, call: call() }));
  // A time after serverTime (clock skew in the source): a negative age still round-trips.
  out.push(makeAgent('2001', 'Team B', { stateSince: T + 250 }));
  return out;
}

/** Through JSON, as Socket.IO sends it. */
const overTheWire = <W>(wire: W): unknown => JSON.parse(JSON.stringify(wire));

describe('wire encoding (protocol version 2)', () => {
  it('R14: snapshots, deltas, replays and resync replies round-trip exactly, Chinese names, calls, nulls and pending sign-outs included', () => {
    const agents = variety();
    const snapshot: FloorSnapshot = {
      seq: 42,
      epoch: 'ab12cd34.lx3k9',
      serverTime: T,
      agents,
      announcements: [{ id: 'n1', text: '下午三点开会', at: T - 1000 }],
    };
    const delta: FloorDelta = { seq: 43, serverTime: T + 50, upserts: agents.slice(0, 7), removed: ['1003', '离职'] };
    const replay: FloorReplay = { from: 41, seq: 43, epoch: snapshot.epoch, serverTime: T + 60, deltas: [{ ...delta, seq: 42 }, delta] };
    expect(decodeSnapshot(overTheWire(encodeSnapshot(snapshot)))).toEqual(snapshot);
    expect(decodeDelta(overTheWire(encodeDelta(delta)))).toEqual(delta);
    expect(decodeReplay(overTheWire(encodeReplay(replay)))).toEqual(replay);
    expect(decodeResyncReply(overTheWire(encodeResyncReply({ kind: 'snapshot', snapshot })))).toEqual({ kind: 'snapshot', snapshot });
    expect(decodeResyncReply(overTheWire(encodeResyncReply({ kind: 'replay', deltas: [delta] })))).toEqual({ kind: 'replay', deltas: [delta] });
  });

  it('R14: an agent costs well under half the bytes of its JSON object, in snapshots and in deltas', () => {
    const agents = variety();
    const snapshot: FloorSnapshot = { seq: 1, epoch: 'e.1', serverTime: T, agents, announcements: [] };
    const delta: FloorDelta = { seq: 2, serverTime: T, upserts: agents, removed: [] };
    const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
    expect(bytes(encodeSnapshot(snapshot))).toBeLessThan(bytes(snapshot) * 0.5);
    expect(bytes(encodeDelta(delta))).toBeLessThan(bytes(delta) * 0.5);
  });

  it('C7: a malformed packet is rejected with a WireError, never applied in part nor thrown as anything else', () => {
    const good = overTheWire(encodeDelta({ seq: 5, serverTime: T, upserts: variety(), removed: ['9'] })) as unknown[];
    const bad: unknown[] = [
      null,
      'delta',
      {},
      [],
      [5, T, [], []].slice(0, 3),
      ['5', T, [], []],
      [5.5, T, [], []],
      [5, T, 'upserts', []],
      [5, T, [], [7]],
      [5, T, [['1', 'n', 't', 99, 0, 1, 0, [0, 0, 0, 0], 0]], []],
      [5, T, [['1', 'n', 't', 1, 0, 1, 0, [0, 0, 0], 0]], []],
      [5, T, [['1', 'n', 't', 1, 0, 1, 0, [0, 0, 0, 0], 2]], []],
      [5, T, [['1', 'n', 't', 1, 'old', 1, 0, [0, 0, 0, 0], 0]], []],
      [5, T, [['1', 'n', 't', 1, 0, 1, 0, [0, 0, 0, 0], 0, 0, ['s']]], []],
    ];
    for (const packet of bad) expect(() => decodeDelta(packet), JSON.stringify(packet)).toThrow(WireError);
    expect(() => decodeSnapshot([1, 2, T, [], []])).toThrow(WireError);
    expect(() => decodeReplay([1, 2, 'e', T, [null]])).toThrow(WireError);
    expect(() => decodeResyncReply({ kind: 'patch' })).toThrow(WireError);

    // Fuzz: random damage to a valid packet either still decodes or is a WireError.
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const junk = [null, -1, 1e309, '', 'x', [], {}, true, 3.5, 99];
    for (let i = 0; i < 3000; i++) {
      const packet = structuredClone(good);
      let node: unknown[] = packet;
      for (let depth = rand(4); depth > 0; depth--) {
        const child = node[rand(node.length)];
        if (!Array.isArray(child) || child.length === 0) break;
        node = child;
      }
      if (rand(5) === 0) node.splice(rand(node.length + 1), 1);
      else node[rand(node.length + 1)] = junk[rand(junk.length)];
      try {
        decodeDelta(packet);
      } catch (err) {
        expect(err).toBeInstanceOf(WireError);
      }
    }
  });
});
