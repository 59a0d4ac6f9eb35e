import { afterEach, describe, expect, it } from 'vitest';
import type { FloorSnapshot } from '@/lib/protocol';
import { decodeDelta, decodeSnapshot } from '@/lib/wire';
import { BoardMirror } from './board-mirror';
import { FakeFloor, roster } from './fake-floor';
import { type ClientSocket, closeAll, createClient, startServer, waitFor } from './helpers';

afterEach(closeAll);

/** Keep changing random agents every few ms until stopped. */
function churn(floor: FakeFloor, everyMs = 3): { stop(): void; steps: () => number } {
  let steps = 0;
  let seed = 7;
  const timer = setInterval(() => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const extnos = [...floor.agents.keys()];
    const extno = extnos[seed % extnos.length];
    if (extno === undefined) return;
    steps += 1;
    floor.patch(extno, { stateSince: steps, status: steps % 2 === 0 ? 'idle' : 'on_call' });
  }, everyMs);
  return { stop: () => clearInterval(timer), steps: () => steps };
}

const connected = (socket: ClientSocket) => new Promise<void>((resolve) => socket.once('connect', () => resolve()));

describe('realtime: join, gaps and resync', () => {
  it('R1: a board connecting mid-stream gets a snapshot, then seq + 1, and ends identical to the server', async () => {
    const server = await startServer({ floor: new FakeFloor().seed(roster(200, ['A', 'B', 'C'])) });
    const early = new BoardMirror(createClient(server));
    await waitFor(() => early.seq !== null, 'early snapshot');
    const changes = churn(server.floor);
    await waitFor(() => early.counts.deltas >= 3, 'deltas flowing');
    const late = new BoardMirror(createClient(server));
    const team = new BoardMirror(createClient(server, { teams: 'B' }));
    await waitFor(() => late.counts.deltas >= 3 && team.counts.deltas >= 3, 'late boards following');
    changes.stop();
    await waitFor(() => late.seq === early.seq && early.counts.deltas > 0, 'boards caught up');
    await new Promise((r) => setTimeout(r, 60)); // one more batch window for the last changes
    await waitFor(() => JSON.stringify(late.sorted()) === JSON.stringify(server.floor.expected()), 'late identical');
    expect(early.sorted()).toEqual(server.floor.expected());
    expect(team.sorted()).toEqual(server.floor.expected(['B']));
    for (const board of [early, late, team]) {
      expect(board.counts.gaps).toBe(0);
      expect(board.firstDeltaSeqAfterSnapshot[0]).toBeDefined();
    }
    // The first delta after the snapshot is exactly snapshot.seq + 1: nothing skipped, nothing doubled.
    const snap = await new Promise<FloorSnapshot>((resolve) => {
      const s = createClient(server);
      s.once('floor:snapshot', (wire) => resolve(decodeSnapshot(wire)));
    });
    const probe = createClient(server);
    const firstDelta = new Promise<number>((resolve) => probe.once('floor:delta', (d) => resolve(decodeDelta(d).seq)));
    const probeSnap = await new Promise<FloorSnapshot>((resolve) => probe.once('floor:snapshot', (wire) => resolve(decodeSnapshot(wire))));
    server.floor.patch('1000', { status: 'wrap_up' });
    expect(await firstDelta).toBe(probeSnap.seq + 1);
    expect(probeSnap.seq).toBe(snap.seq);
  });

  it('R3: a board that misses a delta detects the gap and replays from history to identical', async () => {
    const victim: { id?: string } = {};
    let dropped = 0;
    const server = await startServer({
      faults: { skipDelta: (id) => id === victim.id && dropped++ === 0 },
    });
    const board = new BoardMirror(createClient(server));
    await connected(board.socket);
    await waitFor(() => board.seq !== null, 'snapshot');
    victim.id = board.socket.id;
    server.floor.patch('1000', { status: 'on_call' }); // dropped for the victim
    await waitFor(() => dropped > 0, 'drop');
    server.floor.patch('1001', { status: 'on_call' }); // reveals the gap
    await waitFor(() => board.counts.replays === 1, 'replay');
    expect(board.counts.gaps).toBe(1);
    expect(board.counts.resyncSnapshots).toBe(0);
    expect(board.sorted()).toEqual(server.floor.expected());
    server.floor.patch('1002', { status: 'on_call' });
    await waitFor(() => board.agents.get('1002')?.status === 'on_call', 'next delta applied');
    expect(board.sorted()).toEqual(server.floor.expected());
  });

  it('R3: when the missed deltas left the history, the resync answers with a snapshot', async () => {
    const victim: { id?: string } = {};
    let skipping = true;
    const server = await startServer({
      historyMaxDeltas: 2,
      faults: { skipDelta: (id) => id === victim.id && skipping },
    });
    const board = new BoardMirror(createClient(server));
    const witness = new BoardMirror(createClient(server));
    await connected(board.socket);
    await waitFor(() => board.seq !== null && witness.seq !== null, 'snapshots');
    victim.id = board.socket.id;
    for (let i = 0; i < 5; i++) {
      const before = witness.seq;
      server.floor.patch(String(1000 + i), { status: 'on_call' });
      await waitFor(() => witness.seq !== before, 'witness delta');
    }
    skipping = false;
    server.floor.patch('1010', { status: 'wrap_up' });
    await waitFor(() => board.counts.resyncSnapshots === 1, 'snapshot resync');
    expect(board.counts.replays).toBe(0);
    await waitFor(() => board.seq === witness.seq, 'same seq');
    expect(board.sorted()).toEqual(server.floor.expected());
  });

  it('R8: a board that reconnects gets a fresh snapshot and ends identical', async () => {
    const server = await startServer();
    const socket = createClient(server, { reconnection: true });
    const board = new BoardMirror(socket);
    await waitFor(() => board.seq !== null, 'snapshot');
    const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
    socket.io.engine.close(); // a lost connection, not a deliberate disconnect
    server.floor.patch('1003', { status: 'on_call', name: 'changed while away' });
    server.floor.remove('1004');
    await reconnected;
    await waitFor(() => board.counts.snapshots === 2, 'second snapshot');
    expect(board.sorted()).toEqual(server.floor.expected());
    server.floor.patch('1005', { status: 'wrap_up' });
    await waitFor(() => board.agents.get('1005')?.status === 'wrap_up', 'delta after reconnect');
    expect(board.counts.gaps).toBe(0);
  });

  it('R7: announcements go to every board, whatever its teams', async () => {
    const server = await startServer();
    const all = new BoardMirror(createClient(server));
    const teamA = new BoardMirror(createClient(server, { teams: 'A' }));
    await waitFor(() => all.seq !== null && teamA.seq !== null, 'snapshots');
    server.realtime.announce({ id: 'n1', text: '今天下午三点开会', at: 5 });
    await waitFor(() => all.announcements.length === 1 && teamA.announcements.length === 1, 'announcements');
    expect(teamA.announcements[0]).toEqual({ id: 'n1', text: '今天下午三点开会', at: 5 });
  });

  it('R10: one delta per channel room however many boards are in it', async () => {
    const server = await startServer();
    const boards = [0, 1, 2].map(() => new BoardMirror(createClient(server)));
    await waitFor(() => boards.every((b) => b.seq !== null), 'snapshots');
    const before = server.realtime.stats();
    server.floor.patch('1000', { status: 'on_call' });
    await waitFor(() => boards.every((b) => b.counts.deltas === 1), 'delta everywhere');
    const after = server.realtime.stats();
    expect(after.deltasSent - before.deltasSent).toBe(1);
    expect(after.boards).toBe(3);
    expect(after.channels).toHaveLength(1);
  });

  it('R11: rolling KPIs go to each channel room with the figures for its teams', async () => {
    const server = await startServer();
    const all = createClient(server);
    const teamA = createClient(server, { teams: 'A' });
    const got = { all: [] as number[], teamA: [] as number[] };
    all.on('floor:kpis', (k) => got.all.push(k.callsConnected));
    teamA.on('floor:kpis', (k) => got.teamA.push(k.callsConnected));
    await waitFor(() => server.realtime.stats().boards === 2, 'boards');
    server.realtime.publishKpis((teams) => ({ serverTime: 1, windowMs: 900_000, callsConnected: teams === '*' ? 30 : teams.length }));
    await waitFor(() => got.all.length === 1 && got.teamA.length === 1, 'kpis');
    expect(got).toEqual({ all: [30], teamA: [1] });
  });
});
