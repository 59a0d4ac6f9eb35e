/**
 * Lease protocol against a real, private redis-server (killed and restarted here): ownership,
 * rebalancing, takeover after a crash, self-fencing of a gateway cut off from Redis, and the
 * safety rule: no slot is ever linked by two gateways for longer than a lease.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLOT_COUNT, rendezvousOwner } from '@/server/cluster/slots';
import { waitUntil } from '../integration/live-harness';
import { LeaseLab, type TestGateway } from './lease-kit';
import { type PrivateRedis, startPrivateRedis } from './redis-server';

const TTL = 1200;
let redis: PrivateRedis;

beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(async () => {
  await redis?.stop();
});

function ownedExactlyOnce(lab: LeaseLab, live: readonly TestGateway[]): boolean {
  const holders = lab.holders(live);
  if (holders.size !== SLOT_COUNT) return false;
  const ids = live.map((g) => g.id);
  for (const [slot, who] of holders) if (who.length !== 1 || who[0] !== rendezvousOwner(slot, ids)) return false;
  return true;
}

/** Gateways `ids` started and settled (every slot held once), then `run`; the lab is closed after. */
async function withGateways(ids: readonly string[], run: (lab: LeaseLab, gateways: TestGateway[]) => Promise<void>): Promise<void> {
  const lab = new LeaseLab(redis.port, TTL);
  try {
    const gateways: TestGateway[] = [];
    for (const id of ids) gateways.push(await lab.add(id));
    await waitUntil(() => ownedExactlyOnce(lab, gateways), `${ids.length} gateways sharing every slot`, 10_000);
    await run(lab, gateways);
  } finally {
    await lab.close();
  }
}

describe('slot leases', () => {
  it('every slot is held by exactly one live gateway, and joins and clean leaves rebalance', async () => {
    await withGateways(['a', 'b'], async (lab, [a, b]) => {
      const c = await lab.add('c');
      await waitUntil(() => ownedExactlyOnce(lab, [a!, b!, c]), 'a third gateway taking its share', 10_000);
      await b!.leave();
      await waitUntil(() => ownedExactlyOnce(lab, [a!, c]), 'the others taking over a leaving gateway', 10_000);
      expect(lab.maxOverlapMs()).toBe(0);
    });
  });

  it("a crashed gateway's slots are taken over once its lease expires, never before", async () => {
    await withGateways(['a', 'b'], async (lab, [a, b]) => {
      const crashedAt = performance.now();
      await b!.crash();
      await waitUntil(() => ownedExactlyOnce(lab, [a!]), 'the survivor holding every slot', 10_000, 10);
      const takeover = performance.now() - crashedAt;
      // Not before the lease could expire (nobody may link while it is held), and within TTL + a
      // couple of rounds (rounds are TTL/4; the loaded test machine gets one more).
      expect(takeover).toBeGreaterThanOrEqual(TTL * 0.9);
      expect(takeover).toBeLessThan(TTL * 3);
      expect(lab.maxOverlapMs()).toBe(0);
    });
  });

  it('a gateway cut off from Redis closes its links before its leases expire; the others take over after', async () => {
    await withGateways(['a', 'b'], async (lab, [a, b]) => {
      await b!.proxy.down();
      await waitUntil(() => b!.held().size === 0, 'the cut-off gateway self-fencing', TTL * 2, 10);
      await waitUntil(() => a!.held().size === SLOT_COUNT, 'the other gateway taking every slot', 10_000);
      expect(lab.maxOverlapMs()).toBe(0);
      await b!.proxy.up();
      await waitUntil(() => ownedExactlyOnce(lab, [a!, b!]), 'the reconnected gateway getting its share back', 10_000);
      expect(lab.maxOverlapMs()).toBe(0);
    });
  });

  it('never two gateways on one slot for longer than a lease, through churn and a Redis restart', async () => {
    await withGateways(['a', 'b', 'c'], async (lab, [a, b, c]) => {
      await c!.crash();
      const d = await lab.add('d');
      await waitUntil(() => ownedExactlyOnce(lab, [a!, b!, d]), 'takeover and a join settling', 10_000);
      // Redis comes back empty: leases, membership and the fence counter are gone.
      await redis.stop();
      await new Promise((r) => setTimeout(r, TTL / 4));
      await redis.start();
      await waitUntil(() => ownedExactlyOnce(lab, [a!, b!, d]), 'ownership settling after the Redis restart', 15_000);
      await b!.leave();
      await waitUntil(() => ownedExactlyOnce(lab, [a!, d]), 'a clean leave settling', 10_000);
      expect(lab.maxOverlapMs()).toBeLessThan(TTL);
    });
  });
});
