/**
 * `sim.adoptConnection`: a connection accepted by someone else (the cluster benchmark's front,
 * which routes several simulator processes behind one address) is served by the simulator as
 * if it had connected to its own port: the monitor upgrade, the notices, a refused token.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MonitorClient, startSim, tokenOf, useCleanup } from './helpers';

describe('simulator: adopted connections', () => {
  const track = useCleanup();

  it('a monitor socket that reached the simulator through a front gets its agent’s notices; an unknown token is refused', async () => {
    const sim = await startSim(track, { agents: 3, tickMs: 100 });
    // The front reads the request line, then hands the socket and what it read to the simulator.
    const front = net.createServer((socket) => {
      socket.once('data', (head: Buffer) => {
        socket.pause();
        sim.adoptConnection(socket, head);
      });
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    track({ close: () => front.close() });
    const port = (front.address() as net.AddressInfo).port;
    expect(port).not.toBe(sim.port);

    const extno = sim.roster[1]!.extno;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/agent/monitor?${tokenOf(sim, extno)}`, { perMessageDeflate: false });
    const client = new MonitorClient(ws);
    track({ close: () => ws.terminate() });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    expect(sim.monitorSockets(extno)).toBe(1);
    const first = await client.frameAt(0);
    expect(JSON.stringify(first)).toContain('"method":"notice"');

    const refused = await new Promise<number>((resolve, reject) => {
      const bad = new WebSocket(`ws://127.0.0.1:${port}/agent/monitor?not-a-token`);
      bad.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      bad.once('open', () => reject(new Error('an unknown token was accepted')));
      bad.once('error', () => undefined);
    });
    expect(refused).toBe(401);
  });
});
