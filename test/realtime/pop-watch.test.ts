import { afterEach, describe, expect, it } from 'vitest';
import type { CallDetail } from '@/lib/protocol';
import { makeDetail } from './fake-floor';
import { type ClientSocket, closeAll, createClient, startServer, waitFor } from './helpers';

afterEach(closeAll);

function recordPops(socket: ClientSocket): (CallDetail | null)[] {
  const seen: (CallDetail | null)[] = [];
  socket.on('pop:detail', (d) => seen.push(d));
  return seen;
}

const ready = (socket: ClientSocket) => new Promise<void>((resolve) => socket.once('floor:snapshot', () => resolve()));

describe('realtime: screen pop watching', () => {
  it('R5: only the watching socket receives pop:detail, and only when the detail changes', async () => {
    const server = await startServer();
    const watcher = createClient(server);
    const bystander = createClient(server);
    await Promise.all([ready(watcher), ready(bystander)]);
    const watcherPops = recordPops(watcher);
    const bystanderPops = recordPops(bystander);
    server.floor.setDetail('1000', makeDetail('1000', 's1'));

    const ack = await watcher.timeout(2_000).emitWithAck('pop:watch', { extno: '1000' });
    expect(ack).toEqual({ ok: true, data: makeDetail('1000', 's1') });

    server.floor.setDetail('1000', makeDetail('1000', 's1', { held: true }));
    await waitFor(() => watcherPops.length === 1, 'first pop');
    expect(watcherPops[0]?.held).toBe(true);

    // A tile-only change (no detail change) sends no pop; another agent's call sends none either.
    server.floor.patch('1000', { stateSince: 42 });
    server.floor.setDetail('1001', makeDetail('1001', 's2'));
    server.floor.setDetail('1000', null); // the record closes
    await waitFor(() => watcherPops.length === 2, 'close pop');
    expect(watcherPops[1]).toBeNull();
    expect(bystanderPops).toEqual([]);

    // null stops watching.
    expect(await watcher.timeout(2_000).emitWithAck('pop:watch', { extno: null })).toEqual({ ok: true, data: null });
    server.floor.setDetail('1000', makeDetail('1000', 's3'));
    server.floor.patch('1001', { status: 'on_call' });
    await new Promise((r) => setTimeout(r, 80));
    expect(watcherPops).toHaveLength(2);
    expect(server.realtime.stats().popWatchers).toBe(0);
  });

  it('R5: two watchers of one agent both get the change, even if one started watching just before it went out', async () => {
    const server = await startServer();
    const first = createClient(server);
    const second = createClient(server);
    await Promise.all([ready(first), ready(second)]);
    const firstPops = recordPops(first);
    const secondPops = recordPops(second);
    await first.timeout(2_000).emitWithAck('pop:watch', { extno: '1003' });
    // The detail changes in the same server tick as the second watch request, before the flush.
    const serverSide = server.realtime.io.of('/').sockets.get(second.id ?? '');
    serverSide?.prependListener('pop:watch', () => server.floor.setDetail('1003', makeDetail('1003', 's9')));
    const secondAck = await second.timeout(2_000).emitWithAck('pop:watch', { extno: '1003' });
    expect(secondAck).toMatchObject({ ok: true, data: { sessionId: 's9' } });
    await waitFor(() => firstPops.length === 1, 'first watcher pop');
    expect(firstPops[0]?.sessionId).toBe('s9');
    expect(secondPops.every((d) => d?.sessionId === 's9')).toBe(true);
  });

  it('R5: watching an agent outside the board teams is FORBIDDEN, an unknown one UNKNOWN_AGENT', async () => {
    const server = await startServer();
    const teamA = createClient(server, { teams: 'A' });
    await ready(teamA);
    expect(await teamA.timeout(2_000).emitWithAck('pop:watch', { extno: '1001' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await teamA.timeout(2_000).emitWithAck('pop:watch', { extno: '9999' })).toMatchObject({ ok: false, code: 'UNKNOWN_AGENT' });
    expect(await teamA.timeout(2_000).emitWithAck('pop:watch', { extno: '1000' })).toMatchObject({ ok: true, data: null });
  });

  it('R5: an agent moving out of the board teams stops being shown to its watcher', async () => {
    const server = await startServer();
    const teamA = createClient(server, { teams: 'A' });
    await ready(teamA);
    const pops = recordPops(teamA);
    server.floor.setDetail('1000', makeDetail('1000', 's1'));
    await teamA.timeout(2_000).emitWithAck('pop:watch', { extno: '1000' });
    server.floor.patch('1000', { team: 'B' });
    server.floor.setDetail('1000', makeDetail('1000', 's1', { held: true }));
    await waitFor(() => pops.length === 1, 'eviction');
    expect(pops).toEqual([null]);
    expect(server.realtime.stats().popWatchers).toBe(0);
  });
});
