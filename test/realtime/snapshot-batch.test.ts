import { afterEach, describe, expect, it } from 'vitest';
import { BoardMirror } from './board-mirror';
import { FakeFloor, roster } from './fake-floor';
import { closeAll, createClient, startServer, waitFor } from './helpers';

afterEach(closeAll);

/** Counts the packets Socket.IO's encoder turns into text, by event name. */
function countEncodes(encoder: { encode(packet: unknown): unknown[] }): Map<string, number> {
  const counts = new Map<string, number>();
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (packet: unknown) => {
    const data = (packet as { data?: unknown[] }).data;
    const event = Array.isArray(data) && typeof data[0] === 'string' ? data[0] : '(other)';
    counts.set(event, (counts.get(event) ?? 0) + 1);
    return encode(packet);
  };
  return counts;
}

describe('realtime: snapshot batches for joining boards', () => {
  it('R12: 50 boards joining one channel within a batch share one snapshot encode, and each then follows from seq + 1', async () => {
    const server = await startServer({ floor: new FakeFloor().seed(roster(300, ['A', 'B', 'C'])), snapshotBatchMs: 4000 });
    const encodes = countEncodes(server.realtime.io.encoder);
    // The first board after a quiet spell is served at once, and opens the batch window.
    const first = new BoardMirror(createClient(server));
    await waitFor(() => first.seq !== null, 'first snapshot');
    expect(encodes.get('floor:snapshot')).toBe(1);

    const boards = Array.from({ length: 50 }, () => new BoardMirror(createClient(server)));
    await waitFor(() => server.realtime.stats().boards === 51, '51 boards connected', 10_000);
    // Changes while they wait: deltas go to the first board only, the waiting ones get them in the snapshot.
    server.floor.patch('1000', { status: 'wrap_up' });
    server.floor.patch('1001', { status: 'idle', stateSince: 5 });
    await waitFor(() => first.counts.deltas >= 1, 'a delta to the first board');
    await waitFor(() => boards.every((b) => b.seq !== null), '50 snapshots', 10_000);

    expect(encodes.get('floor:snapshot')).toBe(2);
    expect(server.realtime.stats()).toMatchObject({ snapshotsSent: 51, snapshotBatches: 2 });
    const seqs = new Set(boards.map((b) => b.seq));
    expect(seqs.size).toBe(1);
    expect([...seqs][0]).toBe(first.seq);

    // R1 still holds for every one of them: the next delta is exactly snapshot.seq + 1.
    server.floor.patch('1002', { status: 'on_call' });
    await waitFor(() => boards.every((b) => b.counts.deltas >= 1) && first.counts.deltas >= 2, 'the next delta everywhere');
    for (const b of [first, ...boards]) {
      expect(b.counts.gaps).toBe(0);
      expect(b.sorted()).toEqual(server.floor.expected());
    }
    for (const b of boards) expect(b.firstDeltaSeqAfterSnapshot[0]).toBe([...seqs][0]! + 1);
  });

  it('R12: boards of different channels joining together get one encode per channel, each with its own teams', async () => {
    const server = await startServer({ floor: new FakeFloor().seed(roster(60, ['A', 'B', 'C'])), snapshotBatchMs: 3000 });
    const encodes = countEncodes(server.realtime.io.encoder);
    const opener = new BoardMirror(createClient(server, { teams: 'C' }));
    await waitFor(() => opener.seq !== null, 'opener snapshot');
    const all = Array.from({ length: 5 }, () => new BoardMirror(createClient(server)));
    const teamA = Array.from({ length: 5 }, () => new BoardMirror(createClient(server, { teams: 'A' })));
    await waitFor(() => [...all, ...teamA].every((b) => b.seq !== null), 'snapshots', 10_000);
    expect(encodes.get('floor:snapshot')).toBe(3);
    for (const b of all) expect(b.sorted()).toEqual(server.floor.expected());
    for (const b of teamA) expect(b.sorted()).toEqual(server.floor.expected(['A']));
  });

  it('R12: a board that disconnects while waiting for its snapshot is dropped from the batch and its channel (B9, no grace period here)', async () => {
    const server = await startServer({ snapshotBatchMs: 1000, channelGraceMs: 0 });
    const opener = new BoardMirror(createClient(server, { teams: 'C' }));
    await waitFor(() => opener.seq !== null, 'opener snapshot');
    const leaving = createClient(server, { teams: 'A' });
    await waitFor(() => server.realtime.stats().boards === 2, 'second board connected');
    leaving.disconnect();
    await waitFor(() => server.realtime.stats().boards === 1, 'second board gone');
    const staying = new BoardMirror(createClient(server, { teams: 'B' }));
    await waitFor(() => staying.seq !== null, 'staying snapshot', 5_000);
    const stats = server.realtime.stats();
    expect(stats.snapshotsSent).toBe(2);
    expect(stats.channels.map((c) => c.key).sort()).toEqual(['["B"]', '["C"]']);
  });
});
