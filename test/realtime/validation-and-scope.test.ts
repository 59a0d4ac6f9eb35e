import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, ResyncReply } from '@/lib/protocol';
import { BoardMirror } from './board-mirror';
import { type ClientSocket, closeAll, connectErrorCode, createClient, startServer, waitFor } from './helpers';

afterEach(closeAll);

/** The client socket without the protocol's types, to send what a hostile browser could. */
interface RawSocket {
  emit(event: string, ...args: unknown[]): void;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}
const raw = (socket: ClientSocket) => socket as unknown as RawSocket;

describe('realtime: validation and scope', () => {
  it('R4: bad payloads get BAD_REQUEST, are counted, and the board keeps working', async () => {
    const server = await startServer();
    const board = new BoardMirror(createClient(server));
    await waitFor(() => board.seq !== null, 'snapshot');
    const r = raw(board.socket).timeout(2_000);
    const bad: [string, unknown][] = [
      ['floor:resync', { sinceSeq: -1 }],
      ['floor:resync', { sinceSeq: 'x' }],
      ['floor:resync', { sinceSeq: 1.5 }],
      ['floor:resync', null],
      ['floor:resync', 'hello'],
      ['pop:watch', { extno: 42 }],
      ['pop:watch', { extno: '' }],
      ['pop:watch', {}],
    ];
    for (const [event, payload] of bad) {
      const reply = (await r.emitWithAck(event, payload)) as Ack<unknown>;
      expect(reply, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    }
    // No ack callback, and unknown events: nothing to answer, but counted.
    raw(board.socket).emit('floor:resync', { sinceSeq: 1 });
    raw(board.socket).emit('floor:explode', { x: 1 });
    await waitFor(() => server.realtime.stats().rejected === bad.length + 2, 'rejections counted');
    expect(board.socket.connected).toBe(true);
    const ok = (await board.socket.timeout(2_000).emitWithAck('floor:resync', { sinceSeq: board.seq ?? 0 })) as Ack<ResyncReply>;
    expect(ok).toEqual({ ok: true, data: { kind: 'replay', deltas: [] } });
  });

  it('R4: a message over the size limit closes that connection only', async () => {
    const server = await startServer({ maxHttpBufferSize: 16 * 1024 });
    const big = createClient(server);
    const other = new BoardMirror(createClient(server));
    await waitFor(() => big.connected && other.seq !== null, 'connected');
    const gone = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    raw(big).emit('pop:watch', { extno: 'x'.repeat(20_000) });
    expect(await gone).toBe('transport close');
    server.floor.patch('1000', { status: 'on_call' });
    await waitFor(() => other.agents.get('1000')?.status === 'on_call', 'other board unaffected');
  });

  it('R9: resync requests beyond the burst are refused with RATE_LIMITED', async () => {
    const server = await startServer({ resyncBurst: 2, resyncPerSecond: 0.001 });
    const board = new BoardMirror(createClient(server));
    await waitFor(() => board.seq !== null, 'snapshot');
    const ask = () => board.socket.timeout(2_000).emitWithAck('floor:resync', { sinceSeq: 0 });
    expect(await ask()).toMatchObject({ ok: true, data: { kind: 'snapshot' } });
    expect(await ask()).toMatchObject({ ok: true });
    expect(await ask()).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });

  it('R2: a board sees the requested teams intersected with what authorize allows', async () => {
    const server = await startServer({ authorize: async () => ({ teams: ['A', 'B'] }) });
    const asked = new BoardMirror(createClient(server, { teams: 'B,C' }));
    const implicit = new BoardMirror(createClient(server));
    await waitFor(() => asked.seq !== null && implicit.seq !== null, 'snapshots');
    expect(asked.sorted()).toEqual(server.floor.expected(['B']));
    expect(implicit.sorted()).toEqual(server.floor.expected(['A', 'B']));
    server.floor.patch('1002', { status: 'on_call' }); // team C: nobody here may see it
    server.floor.patch('1001', { status: 'on_call' }); // team B
    await waitFor(() => asked.agents.get('1001')?.status === 'on_call', 'B change');
    expect(asked.agents.has('1002')).toBe(false);
    expect(implicit.agents.has('1002')).toBe(false);
  });

  it('R2: handshakes are refused with FORBIDDEN, UNAUTHORIZED or BAD_REQUEST', async () => {
    const server = await startServer({
      authorize: async (hs) => (hs.query.token === 'nobody' ? null : { teams: ['A'] }),
    });
    expect(await connectErrorCode(createClient(server, { teams: 'C' }))).toBe('FORBIDDEN');
    const tooMany = Array.from({ length: 101 }, (_, i) => `t${i}`).join(',');
    expect(await connectErrorCode(createClient(server, { teams: tooMany }))).toBe('BAD_REQUEST');
    expect(await connectErrorCode(createClient(server, { query: { token: 'nobody' } }))).toBe('UNAUTHORIZED');
    expect(server.realtime.stats().boards).toBe(0);
  });
});
