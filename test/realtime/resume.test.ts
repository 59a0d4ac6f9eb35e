import { afterEach, describe, expect, it } from 'vitest';
import type { FloorSnapshot } from '@/lib/protocol';
import { decodeSnapshot } from '@/lib/wire';
import { BoardMirror } from './board-mirror';
import { FakeFloor, roster } from './fake-floor';
import { type ClientSocket, type TestServer, closeAll, createClient, startServer, waitFor } from './helpers';

afterEach(closeAll);

/** A board that reconnects by itself and offers what it holds in every handshake (R13), as the browser does. */
function resumingBoard(server: TestServer, teams?: string): BoardMirror {
  const holder: { board?: BoardMirror } = {};
  const socket = createClient(server, {
    teams,
    reconnection: true,
    auth: (cb) => {
      const resume = holder.board?.resumePoint();
      cb(resume ? { resume } : {});
    },
  });
  holder.board = new BoardMirror(socket);
  return holder.board;
}

/** A lost connection (not a deliberate disconnect): Socket.IO's manager reconnects. */
function dropTransport(board: BoardMirror): Promise<void> {
  const reconnected = new Promise<void>((resolve) => board.socket.io.once('reconnect', () => resolve()));
  board.socket.io.engine.close();
  return reconnected;
}

/** One connection whose handshake carries `auth`; resolves with its first snapshot or replay. */
function firstSync(server: TestServer, auth: Record<string, unknown>, teams?: string): Promise<{ kind: 'snapshot' | 'replay'; socket: ClientSocket }> {
  const socket = createClient(server, { auth, teams });
  return new Promise((resolve) => {
    socket.once('floor:snapshot', () => resolve({ kind: 'snapshot', socket }));
    socket.once('floor:replay', () => resolve({ kind: 'replay', socket }));
  });
}

describe('realtime: resuming after a reconnect', () => {
  it('R13: boards dropped together resume with exactly the missed deltas, one shared encode, then follow from seq + 1', async () => {
    const server = await startServer({ floor: new FakeFloor().seed(roster(100, ['A', 'B'])), snapshotBatchMs: 500 });
    const boards = Array.from({ length: 8 }, () => resumingBoard(server));
    await waitFor(() => boards.every((b) => b.seq !== null), 'snapshots');
    server.floor.patch('1000', { status: 'on_call' });
    await waitFor(() => boards.every((b) => b.counts.deltas === 1), 'one delta everywhere');
    const heldSeq = boards[0]!.seq!;
    const before = server.realtime.stats();

    // Every board drops at once; the channel (now without a board) keeps numbering changes.
    const back = Promise.all(boards.map(dropTransport));
    await waitFor(() => server.realtime.stats().boards === 0, 'all boards gone');
    for (let i = 0; i < 3; i++) {
      server.floor.patch(String(1001 + i), { status: 'wrap_up', name: `离开时改名 ${i}` });
      await waitFor(() => server.realtime.stats().channels[0]!.seq === heldSeq + i + 1, `delta ${i + 1} while away`);
    }
    server.floor.remove('1010');
    await waitFor(() => server.realtime.stats().channels[0]!.seq === heldSeq + 4, 'removal while away');
    await back;
    await waitFor(() => boards.every((b) => b.counts.resumes === 1), 'replays');

    const after = server.realtime.stats();
    expect(after.snapshotsSent - before.snapshotsSent).toBe(0);
    expect(after.replaysSent - before.replaysSent).toBe(8);
    expect(after.replayedDeltas - before.replayedDeltas).toBe(8 * 4);
    // One join batch for the first board back after the quiet spell, one for the rest at most.
    expect(after.replayBatches - before.replayBatches).toBeLessThanOrEqual(2);
    for (const b of boards) {
      const replay = b.resumeReplays[0]!;
      expect(replay.from).toBe(heldSeq);
      expect(replay.deltas.map((d) => d.seq)).toEqual([heldSeq + 1, heldSeq + 2, heldSeq + 3, heldSeq + 4]);
      expect(b.counts.snapshots).toBe(1);
      expect(b.sorted()).toEqual(server.floor.expected());
    }
    // No gap and no duplicate afterwards: the next live delta is exactly replay.seq + 1.
    server.floor.patch('1005', { status: 'idle', stateSince: 9 });
    await waitFor(() => boards.every((b) => b.seq === heldSeq + 5), 'next delta everywhere');
    for (const b of boards) {
      expect(b.counts.gaps).toBe(0);
      expect(b.counts.ignored).toBe(0);
      expect(b.firstDeltaSeqAfterSnapshot.at(-1)).toBe(heldSeq + 5);
      expect(b.sorted()).toEqual(server.floor.expected());
    }
  });

  it('R13: a board already up to date resumes with an empty replay', async () => {
    const server = await startServer();
    const board = resumingBoard(server);
    await waitFor(() => board.seq !== null, 'snapshot');
    const seq = board.seq;
    await dropTransport(board);
    await waitFor(() => board.counts.resumes === 1, 'replay');
    expect(board.resumeReplays[0]).toMatchObject({ from: seq, seq, deltas: [] });
    expect(board.counts.snapshots).toBe(1);
    server.floor.patch('1002', { status: 'on_call' });
    await waitFor(() => board.agents.get('1002')?.status === 'on_call', 'next delta');
    expect(board.counts.gaps).toBe(0);
  });

  it('R13: a stale epoch, a seq older than the history, a seq ahead, or another channel get a snapshot', async () => {
    const server = await startServer({ historyMaxDeltas: 2 });
    const all = new BoardMirror(createClient(server));
    const teamB = new BoardMirror(createClient(server, { teams: 'B' }));
    await waitFor(() => all.seq !== null && teamB.seq !== null, 'snapshots');
    const held = all.resumePoint()!;
    for (let i = 0; i < 4; i++) {
      const before = all.seq;
      server.floor.patch(String(1000 + i), { status: 'on_call' });
      await waitFor(() => all.seq !== before, 'delta');
    }
    const refusedBefore = server.realtime.stats().resumesRefused;
    const outcomes = await Promise.all([
      firstSync(server, { resume: { epoch: `x${held.epoch}`, seq: all.seq } }),
      firstSync(server, { resume: held }), // 4 deltas behind, 2 kept
      firstSync(server, { resume: { epoch: held.epoch, seq: all.seq! + 1 } }),
      firstSync(server, { resume: { epoch: held.epoch, seq: all.seq } }, 'B'), // the '*' channel's epoch on a team-B board
      firstSync(server, { resume: all.resumePoint()! }), // the control: a valid, current point
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['snapshot', 'snapshot', 'snapshot', 'snapshot', 'replay']);
    expect(server.realtime.stats().resumesRefused - refusedBefore).toBe(4);
  });

  it('R13: garbage in the handshake resume point is counted and ignored: the board gets a snapshot and works', async () => {
    const server = await startServer();
    const opener = new BoardMirror(createClient(server));
    await waitFor(() => opener.seq !== null, 'snapshot');
    const rejectedBefore = server.realtime.stats().rejected;
    const garbage: unknown[] = [
      'resume-me',
      { epoch: 5, seq: 1 },
      { epoch: 'a'.repeat(1000), seq: 1 },
      { epoch: '../../etc', seq: 1 },
      { epoch: opener.epoch, seq: -1 },
      { epoch: opener.epoch, seq: 1e300 },
      { epoch: opener.epoch, seq: '12' },
      [opener.epoch, opener.seq],
    ];
    const outcomes = await Promise.all(garbage.map((resume) => firstSync(server, { resume })));
    expect(outcomes.every((o) => o.kind === 'snapshot')).toBe(true);
    expect(server.realtime.stats().rejected - rejectedBefore).toBe(garbage.length);
    // Each of them is a working board afterwards.
    const boards = outcomes.map((o) => o.socket);
    const seen = boards.map(() => 0);
    boards.forEach((s, i) => s.on('floor:delta', () => (seen[i]! += 1)));
    server.floor.patch('1001', { status: 'wrap_up' });
    await waitFor(() => seen.every((n) => n === 1), 'a delta to every board');
  });

  it('R13: a board resuming after its channel was dropped (grace over) gets a snapshot of the new incarnation', async () => {
    const server = await startServer({ channelGraceMs: 0 });
    const board = resumingBoard(server, 'A');
    await waitFor(() => board.seq !== null, 'snapshot');
    const firstEpoch = board.epoch;
    await dropTransport(board);
    await waitFor(() => board.counts.snapshots === 2, 'second snapshot');
    expect(board.counts.resumes).toBe(0);
    expect(board.epoch).not.toBe(firstEpoch);
    expect(board.sorted()).toEqual(server.floor.expected(['A']));
    const snap: FloorSnapshot = await new Promise((resolve) => createClient(server, { teams: 'A' }).once('floor:snapshot', (wire) => resolve(decodeSnapshot(wire))));
    expect(snap.epoch).toBe(board.epoch);
  });
});
