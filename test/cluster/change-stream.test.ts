/**
 * The change stream on the shared Redis (127.0.0.1:6379, a key prefix per run): a web node's
 * consumer rebuilds from the floor hash, follows the stream, drops late writes of a gateway that
 * lost the agent (fence), refuses malformed entries, and rebuilds when it was trimmed past.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEntry } from '@/server/cluster/change-entry';
import { ChangeConsumer } from '@/server/cluster/consumer';
import { clusterKeys } from '@/server/cluster/keys';
import { ChangePublisher } from '@/server/cluster/publisher';
import { newAgent } from '@/server/state/reducer';
import type { AgentState } from '@/server/state/types';
import { waitUntil } from '../integration/live-harness';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let pub: Redis;
let run = 0;
const clients: Redis[] = [];

function client(): Redis {
  const c = new Redis({ host: '127.0.0.1', port: 6379, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  pub = client();
  await waitUntil(() => pub.status === 'ready', 'redis ready', 10_000);
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
});

function setup(opts: { maxLen?: number } = {}) {
  const keys = clusterKeys(`streamtest${process.pid}-${Date.now()}-${run++}:`);
  const publisher = new ChangePublisher({ redis: pub, keys, log: quiet, maxLen: opts.maxLen, stillOwned: () => true });
  const seen = new Map<string, AgentState>();
  const messages: string[] = [];
  const pendings: string[] = [];
  const startConsumer = () => {
    const c = new ChangeConsumer({
      redis: client(),
      keys,
      log: quiet,
      blockMs: 200,
      count: 50,
      apply: (e) => (e.kind === 'agent' ? seen.set(e.agent.extno, e.agent) : e.kind === 'message' ? messages.push(e.msg) : pendings.push(`${e.extno}:${e.pending}`)),
    });
    c.start();
    return c;
  };
  const cleanup = () => pub.del(keys.changes, keys.floor);
  return { keys, publisher, seen, messages, pendings, startConsumer, cleanup };
}

const agent = (extno: string, patch: Partial<AgentState> = {}): AgentState => ({ ...newAgent({ extno, name: `n${extno}`, team: 't1' }, 1_000, 'Asia/Shanghai'), ...patch });
const entry = (a: AgentState, fence = 10): ChangeEntry => ({ kind: 'agent', slot: 1, fence, gateway: 'g1', agent: a });

describe('change stream', () => {
  it('a web node starting late rebuilds every agent from the floor hash, then follows the stream', async () => {
    const s = setup();
    try {
      for (let i = 0; i < 100; i++) s.publisher.publish(entry(agent(String(1000 + i), { status: 'idle' })));
      await s.publisher.flush();
      const consumer = s.startConsumer();
      await waitUntil(() => s.seen.size === 100, 'the rebuilt floor', 10_000);
      s.publisher.publish(entry(agent('1005', { status: 'on_call' })));
      s.publisher.publish({ kind: 'message', slot: 1, fence: 10, gateway: 'g1', extno: '1005', msg: '注意', at: 2_000 });
      await waitUntil(() => s.seen.get('1005')?.status === 'on_call' && s.messages.length === 1, 'the live change', 10_000);
      expect(consumer.status().rebuilds).toBe(1);
      await consumer.stop();
    } finally {
      await s.cleanup();
    }
  });

  it('a late write from a gateway that lost the agent (lower fence) is dropped and counted', async () => {
    const s = setup();
    try {
      const consumer = s.startConsumer();
      s.publisher.publish(entry(agent('2001', { status: 'idle' }), 20));
      await s.publisher.flush();
      await waitUntil(() => s.seen.get('2001')?.status === 'idle', 'the new owner state', 10_000);
      s.publisher.publish(entry(agent('2001', { status: 'signed_out' }), 19));
      s.publisher.publish(entry(agent('2002', { status: 'idle' }), 20));
      await waitUntil(() => s.seen.has('2002'), 'a later entry', 10_000);
      expect(s.seen.get('2001')?.status).toBe('idle');
      expect(consumer.status().rejected.STALE_FENCE).toBe(1);
      await consumer.stop();
    } finally {
      await s.cleanup();
    }
  });

  it('malformed entries are refused with a stable code and never applied', async () => {
    const s = setup();
    try {
      const consumer = s.startConsumer();
      await waitUntil(() => consumer.status().redis === 'ok', 'consumer up', 10_000);
      await pub.xadd(s.keys.changes, '*', 'k', 'a', 's', '1', 'f', '5', 'g', 'x', 'd', '{not json');
      await pub.xadd(s.keys.changes, '*', 'k', 'a', 's', '1', 'f', '5', 'g', 'x', 'd', JSON.stringify({ extno: '1', status: 'dancing' }));
      await pub.xadd(s.keys.changes, '*', 'k', 'z', 's', '1');
      await pub.xadd(s.keys.changes, '*', 'k', 'p', 's', '1', 'f', '0', 'g', 'w', 'd', JSON.stringify({ extno: '3001', pending: 'yes' }));
      await pub.xadd(s.keys.changes, '*', 'k', 'p', 's', '1', 'f', '0', 'g', 'w', 'd', JSON.stringify({ extno: '3002', pending: true }));
      s.publisher.publish(entry(agent('3001')));
      await waitUntil(() => s.seen.has('3001'), 'the good entry after the bad ones', 10_000);
      expect(s.seen.size).toBe(1);
      expect(s.pendings).toEqual(['3002:true']);
      expect(consumer.status().rejected).toMatchObject({ BAD_JSON: 1, BAD_AGENT: 1, BAD_FIELDS: 1, BAD_PENDING: 1 });
      await consumer.stop();
    } finally {
      await s.cleanup();
    }
  });

  it('a consumer that lagged past the trimmed stream rebuilds from the hash and ends with every latest state', async () => {
    const s = setup({ maxLen: 10 });
    try {
      const consumer = s.startConsumer();
      await waitUntil(() => consumer.status().redis === 'ok', 'consumer up', 10_000);
      // Many more changes than the stream keeps, in one burst: the consumer reads 50 at a time.
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < 400; i++) s.publisher.publish(entry(agent(String(4000 + i), { today: { calls: round, talkSeconds: 0, wrapSeconds: 0, longestIdleSeconds: 0, idleSeconds: 0 } })));
        await s.publisher.flush();
      }
      await waitUntil(
        () => s.seen.size === 400 && [...s.seen.values()].every((a) => a.today.calls === 4),
        'every agent at its latest state',
        15_000,
      );
      await consumer.stop();
    } finally {
      await s.cleanup();
    }
  });
});
