/**
 * The notices web nodes send each other (rules CL6, CL7) when they are hostile or lost: two real
 * Socket.IO servers joined by the streams adapter on the shared Redis (127.0.0.1:6379, a stream
 * per run), one sending by hand what a broken or forged node could send.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterKeys } from '@/server/cluster/keys';
import { CANCEL_SIGNOUT_EVENT, sharePendingCancels } from '@/server/cluster/pending-cancel';
import { SETTINGS_EVENT, shareSettings } from '@/server/cluster/settings-share';
import type { PendingElsewhere } from '@/server/control/pipeline';
import { PendingSignOuts } from '@/server/control/pending-signout';
import { waitUntil } from '../integration/live-harness';

const quiet = { info: () => undefined, warn: () => undefined };
const keys = clusterKeys(`noticetest${process.pid}-${Date.now()}:`);
const clients: Redis[] = [];
const https: HttpServer[] = [];
let sender: Server;
let receiver: Server;
let receiverRedis: Redis;

function client(): Redis {
  const c = new Redis({ host: '127.0.0.1', port: 6379, enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
}

function node(redis: Redis): Server {
  const http = createServer();
  https.push(http);
  http.listen(0, '127.0.0.1');
  const io = new Server(http);
  io.adapter(createAdapter(redis, { streamName: keys.socketIo, maxLen: 1000 }));
  return io;
}

/** Every other node's answer to `event` (none while the sender does not know the receiver yet). */
function ask(event: string, payload: unknown): Promise<unknown[]> {
  return new Promise((resolve) => sender.serverSideEmit(event, payload, (_e: unknown, a: unknown[]) => resolve(a ?? [])));
}
const forward = (payload: unknown): Promise<unknown[]> => ask(CANCEL_SIGNOUT_EVENT, payload);

beforeAll(async () => {
  receiverRedis = client();
  sender = node(client());
  receiver = node(receiverRedis);
  await waitUntil(() => clients.every((c) => c.status === 'ready'), 'redis ready', 10_000);
  // Until the adapters have heard each other's heartbeat, an emit with acknowledgement goes nowhere.
  receiver.on('test:ping', (_payload: unknown, ack: (a: string) => void) => ack('pong'));
  for (let i = 0; i < 150 && (await ask('test:ping', null)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
});

afterAll(async () => {
  sender?.close();
  receiver?.close();
  for (const h of https) h.close();
  for (const c of clients) c.disconnect();
  const admin = new Redis({ host: '127.0.0.1', port: 6379 });
  await admin.del(keys.socketIo);
  admin.disconnect();
});

describe('notices between web nodes', () => {
  it('CL6: a malformed settings notice is refused and counted and re-reads nothing; a valid one re-reads; Redis coming back re-reads everything', async () => {
    const reloads: string[] = [];
    const source = (name: string) => ({ onChange: () => () => undefined, reload: async () => void reloads.push(name) });
    const share = shareSettings({ io: receiver, redis: receiverRedis, sources: { rules: source('rules'), thresholds: source('thresholds') }, log: quiet });
    try {
      sender.serverSideEmit(SETTINGS_EVENT, { setting: 'thresholds', teams: { evil: { idle: [1, 2, 3] } } });
      sender.serverSideEmit(SETTINGS_EVENT, { setting: 'everything' });
      sender.serverSideEmit(SETTINGS_EVENT, 'thresholds');
      sender.serverSideEmit(SETTINGS_EVENT, { setting: 'rules' });
      await waitUntil(() => reloads.length > 0, 'the valid notice re-read', 15_000);
      expect(share.stats()).toMatchObject({ rejected: 3, reloaded: 1 });
      expect(reloads).toEqual(['rules']);

      receiverRedis.disconnect(true); // dropped and reconnected: what arrived meanwhile may be lost
      await waitUntil(() => reloads.length === 3, 'everything re-read once Redis is back', 15_000);
      expect(reloads.slice(1).sort()).toEqual(['rules', 'thresholds']);
    } finally {
      share.close();
    }
  }, 40_000);

  it('CL7: a malformed forwarded cancel is refused and counted and leaves the request; a valid one for this holder drops it', async () => {
    const pending = new PendingSignOuts();
    pending.set('1001', { by: { id: 'u1', name: 'Sup', role: 'team_lead' }, requestId: 'r1', at: 0 });
    let elsewhere: PendingElsewhere | null = null;
    const pipeline = {
      pending,
      clearPending: (extno: string) => void pending.delete(extno),
      setPendingElsewhere: (e: PendingElsewhere | null) => void (elsewhere = e),
    };
    const cancels = sharePendingCancels({ io: receiver, redis: receiverRedis, keys, nodeId: 'web-b', pipeline, dropFlag: () => undefined, log: quiet });
    try {
      expect(elsewhere).not.toBeNull();
      expect(await forward({ extno: '1001', holder: 'web-b', pendingSignOut: true })).toEqual([{ node: 'web-b', holder: false, cancelled: false }]);
      expect(await forward({ extno: '1001', holder: 'web-x' })).toEqual([{ node: 'web-b', holder: false, cancelled: false }]);
      expect(pending.get('1001')).toBeDefined();
      expect(cancels.stats()).toMatchObject({ rejected: 1, answered: 0 });

      expect(await forward({ extno: '1001', holder: 'web-b' })).toEqual([{ node: 'web-b', holder: true, cancelled: true }]);
      expect(pending.get('1001')).toBeUndefined();
      expect(await forward({ extno: '1001', holder: 'web-b' })).toEqual([{ node: 'web-b', holder: true, cancelled: false }]);
    } finally {
      cancels.close();
    }
    expect(elsewhere).toBeNull();
  }, 60_000);
});
