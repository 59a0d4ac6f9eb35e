/**
 * One call-system address in front of several simulator processes (each holds at most 20,000
 * open files, so 20,000 agents need several). Every agent URL carries its token
 * (`/agent/monitor?<token>`, REST `?access_token=<token>`) and each simulator prefixes its tokens
 * (`s<k>-`), so the front reads the request line, picks the simulator by prefix and hands the
 * socket itself over to that simulator's process (IPC handle passing): the front keeps no open
 * file per agent and copies no frame.
 */
import net from 'node:net';
import type { Child } from '../live/ipc';

/** The prefix of simulator `k`'s tokens. */
export const tokenPrefixOf = (k: number): string => `s${k}-`;

const MAX_HEAD_BYTES = 8192;

export async function startSimFront(sims: readonly Child[]): Promise<{ url: string; refused: () => number; close(): Promise<void> }> {
  let refused = 0;
  const server = net.createServer((socket) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const line = head.subarray(0, head.indexOf('\r\n') >= 0 ? head.indexOf('\r\n') : head.length).toString('latin1');
      if (head.indexOf('\r\n') < 0 && head.length < MAX_HEAD_BYTES) return;
      socket.off('data', onData);
      socket.pause();
      const k = /[?&=]s(\d+)-/.exec(line)?.[1];
      const sim = k === undefined ? undefined : sims[Number(k)];
      if (!sim) {
        refused += 1;
        socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
        return;
      }
      sim.handOver('connection', head.toString('base64'), socket).catch(() => socket.destroy());
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
