import { afterEach, describe, expect, it } from 'vitest';
import type { Ack } from '@/lib/protocol';
import type { WireResyncReply } from '@/lib/wire';
import { outgoingBuffer } from '@/server/realtime/buffer-gauge';
import { BoardMirror } from './board-mirror';
import { FakeFloor, makeAgent } from './fake-floor';
import { CapturingAgent, closeAll, createClient, startServer, waitFor } from './helpers';

afterEach(closeAll);

const AGENTS = 1_000;
const MAX_BYTES = 1024 * 1024;
const MAX_PACKETS = 4;

describe('realtime: slow boards', () => {
  it('R6: a board that stops reading is paused with bounded server memory, then resumed with a snapshot', async () => {
    // Wide tiles (long names) make each full-floor delta close to 1 MB, so the kernel's socket
    // buffers fill after a handful of deltas and Node's own buffering becomes visible.
    const floor = new FakeFloor().seed(
      Array.from({ length: AGENTS }, (_, i) => makeAgent(String(1000 + i), 'A', { name: `坐席${i} ${'x'.repeat(800)}` })),
    );
    let largestDelta = 0;
    const server = await startServer({
      floor,
      batchMs: 5,
      maxBufferedBytes: MAX_BYTES,
      maxBufferedPackets: MAX_PACKETS,
      historyMaxBytes: 4 * MAX_BYTES,
      metrics: { deltaSent: (_channel, _boards, bytes) => (largestDelta = Math.max(largestDelta, bytes)) },
    });
    const agent = new CapturingAgent();
    const slowSocket = createClient(server, { agent });
    const slow = new BoardMirror(slowSocket);
    const fast = new BoardMirror(createClient(server));
    await waitFor(() => slow.seq !== null && fast.seq !== null, 'snapshots');
    const serverSide = server.realtime.io.of('/').sockets.get(slowSocket.id ?? '');
    const tcp = agent.captured[0];
    if (serverSide === undefined || tcp === undefined) throw new Error('sockets not found');

    tcp.pause(); // the board's machine stops reading: the kernel buffers fill, then Node's

    let round = 0;
    const everyoneChanges = async (): Promise<void> => {
      round += 1;
      const extnos = [...floor.agents.keys()];
      for (const extno of extnos) floor.agents.set(extno, { ...floor.agents.get(extno)!, stateSince: round });
      const before = fast.seq;
      server.realtime.notifyChanged(extnos, []);
      await waitFor(() => fast.seq !== before, `round ${round} delivered`);
    };

    while (server.realtime.stats().pausedBoards === 0) {
      if (round > 200) throw new Error('slow board never paused');
      await everyoneChanges();
    }
    const pausedAt = round;

    // A resync while paused is refused: the snapshot comes by itself once the board drains.
    let slowReply: Ack<WireResyncReply> | undefined;
    slowSocket.emit('floor:resync', { sinceSeq: 0 }, (reply) => (slowReply = reply));

    // The floor keeps changing; the paused board's queue does not grow.
    let worst = outgoingBuffer(serverSide);
    for (let i = 0; i < 15; i++) {
      await everyoneChanges();
      const now = outgoingBuffer(serverSide);
      worst = { packets: Math.max(worst.packets, now.packets), bytes: Math.max(worst.bytes, now.bytes) };
    }
    expect(round - pausedAt).toBe(15);
    expect(worst.packets).toBeLessThanOrEqual(MAX_PACKETS + 3); // + the last delta, a ping, the ack
    expect(worst.bytes).toBeLessThanOrEqual(MAX_BYTES + largestDelta + 4_096);
    expect(server.realtime.stats()).toMatchObject({ pausedBoards: 1, slowBoardPauses: 1 });
    expect(fast.sorted()).toEqual(floor.expected());

    tcp.resume(); // the board reads again: drained, resumed, snapshot
    await waitFor(() => slow.counts.snapshots === 2, 'resume snapshot', 15_000);
    await everyoneChanges();
    await waitFor(() => slow.seq === fast.seq, 'slow board follows deltas again', 15_000);
    expect(slow.sorted()).toEqual(floor.expected());
    expect(slow.counts.gaps).toBe(0);
    expect(slowReply).toMatchObject({ ok: false, code: 'SLOW_BOARD' });
    expect(server.realtime.stats().pausedBoards).toBe(0);
  });

  it('R6: a board that never reads again is closed by the heartbeat and its channel dropped (B9, no grace period here)', async () => {
    const server = await startServer({ pingIntervalMs: 100, pingTimeoutMs: 100, channelGraceMs: 0 });
    const agent = new CapturingAgent();
    const dead = new BoardMirror(createClient(server, { agent, teams: 'B' }));
    const alive = new BoardMirror(createClient(server));
    await waitFor(() => dead.seq !== null && alive.seq !== null, 'snapshots');
    expect(server.realtime.stats().channels).toHaveLength(2);
    agent.captured[0]?.pause();
    await waitFor(() => server.realtime.stats().boards === 1, 'dead board closed');
    expect(server.realtime.stats().channels.map((c) => c.key)).toEqual(['*']);
    server.floor.patch('1001', { status: 'on_call' });
    await waitFor(() => alive.agents.get('1001')?.status === 'on_call', 'live board unaffected');
  });
});
