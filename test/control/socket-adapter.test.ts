import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionOk } from '@/lib/control/actions';
import type { Actor } from '@/lib/control/actor';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@/lib/protocol';
import { MemoryAuditStore } from '@/server/control/audit';
import { createCallSystemClient } from '@/server/control/call-system-client';
import { createControlPipeline } from '@/server/control/pipeline';
import { createControlEventHandler } from '@/server/control/socket-adapter';
import { actors, fakeFloor, startFakeCallSystem, waitFor, type FakeCallSystem } from './control-test-kit';

let cs: FakeCallSystem;
let http: HttpServer;
let ioServer: Server<ClientToServerEvents, ServerToClientEvents>;
let url: string;
let audit: MemoryAuditStore;
const clients: ClientSocket[] = [];

beforeEach(async () => {
  cs = await startFakeCallSystem();
  const floor = fakeFloor();
  audit = new MemoryAuditStore(100);
  const client = createCallSystemClient({ baseUrl: cs.url, timeoutMs: 3000 });
  const pipeline = createControlPipeline({ client, agent: floor.agent, applyControl: floor.applyControl, audit });
  const handle = createControlEventHandler(pipeline);
  http = createServer();
  ioServer = new Server(http);
  ioServer.on('connection', (socket) => {
    // Stand-in for the realtime layer's session lookup: the actor never comes from the event payload.
    const key = (socket.handshake.auth as { user?: string }).user;
    const actor: Actor | null = key && key in actors ? actors[key as keyof typeof actors] : null;
    socket.on('control:act', (payload, ack) => void handle(actor, payload, ack));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await new Promise<void>((resolve) => ioServer.close(() => resolve()));
  await cs.close();
});

async function client(user?: string): Promise<ClientSocket<ServerToClientEvents, ClientToServerEvents>> {
  const c: ClientSocket<ServerToClientEvents, ClientToServerEvents> = connect(url, { transports: ['websocket'], auth: user ? { user } : {}, forceNew: true });
  clients.push(c);
  await new Promise<void>((resolve, reject) => {
    c.once('connect', () => resolve());
    c.once('connect_error', reject);
  });
  return c;
}

describe('control:act over Socket.IO', () => {
  it('C14: the ack carries the result; a reconnect re-sending the request id gets the same one', async () => {
    const c = await client('manager');
    const req = { action: 'next_call' as const, extno: '1001', requestId: randomUUID() };
    const first = await c.emitWithAck('control:act', req);
    expect(first).toMatchObject({ ok: true, data: { action: 'next_call', extno: '1001' } });
    c.disconnect();
    const c2 = await client('manager');
    const second: Ack<ActionOk> = await c2.emitWithAck('control:act', req);
    expect(second).toEqual(first);
    expect(cs.count('/admin/agent/nextCall')).toBe(1);
  });

  it('C14: without a session the ack is UNAUTHORIZED and nothing is sent', async () => {
    const c = await client();
    expect(await c.emitWithAck('control:act', { action: 'logon', extno: '1001', requestId: randomUUID() })).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(cs.requests).toHaveLength(0);
  });

  it('C14: a payload of the wrong type is BAD_REQUEST', async () => {
    const c = await client('manager');
    const raw = c as unknown as ClientSocket;
    expect(await raw.emitWithAck('control:act', 42)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('C14: an event without an ack still acts once and is audited', async () => {
    const c = await client('manager');
    const raw = c as unknown as ClientSocket;
    raw.emit('control:act', { action: 'logon', extno: '1002', requestId: randomUUID() });
    await waitFor(() => audit.size === 1);
    expect(cs.count('/admin/agent/logon')).toBe(1);
  });
});
