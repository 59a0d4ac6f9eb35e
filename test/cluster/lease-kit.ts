/**
 * In-process gateways for lease tests: each runs the real SlotOwnership against a real Redis,
 * through its own TCP proxy (so one gateway can be cut off alone), and records every interval
 * during which it held each slot's links open.
 */
import { Redis } from 'ioredis';
import { clusterKeys } from '@/server/cluster/keys';
import { SlotOwnership } from '@/server/cluster/ownership';
import { type TcpProxy, startTcpProxy } from '../store/tcp-proxy';

export interface LinkInterval {
  gateway: string;
  slot: number;
  from: number;
  to: number | null;
}

export interface TestGateway {
  id: string;
  ownership: SlotOwnership;
  proxy: TcpProxy;
  redis: Redis;
  held(): Set<number>;
  /** Stop as kill -9 would: links vanish with the process, leases stay until they expire. */
  crash(): Promise<void>;
  /** Leave cleanly: links close, leases are released. */
  leave(): Promise<void>;
}

const quiet = { info: () => undefined, warn: () => undefined };

export class LeaseLab {
  readonly intervals: LinkInterval[] = [];
  readonly gateways: TestGateway[] = [];
  readonly keys = clusterKeys(`leasetest${process.pid}${Date.now()}:`);

  constructor(
    private readonly redisPort: number,
    readonly ttlMs: number,
  ) {}

  async add(id: string): Promise<TestGateway> {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: this.redisPort });
    const redis = new Redis({ port: proxy.port, host: '127.0.0.1', enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    let open = new Set<number>();
    const record = (owned: ReadonlySet<number>): void => {
      const t = performance.now();
      for (const slot of owned) if (!open.has(slot)) this.intervals.push({ gateway: id, slot, from: t, to: null });
      for (const slot of open) {
        if (owned.has(slot)) continue;
        const iv = this.intervals.find((i) => i.gateway === id && i.slot === slot && i.to === null);
        if (iv) iv.to = t;
      }
      open = new Set(owned);
    };
    const ownership = new SlotOwnership({
      redis,
      keys: this.keys,
      gatewayId: id,
      ttlMs: this.ttlMs,
      log: quiet,
      onOwned: (owned) => record(new Set(owned.keys())),
    });
    ownership.start();
    const gw: TestGateway = {
      id,
      ownership,
      proxy,
      redis,
      held: () => new Set(open),
      crash: async () => {
        record(new Set());
        await ownership.stop(false);
        redis.disconnect();
        await proxy.close();
      },
      leave: async () => {
        await ownership.stop(true);
        redis.disconnect();
        await proxy.close();
      },
    };
    this.gateways.push(gw);
    return gw;
  }

  /** Slot -> gateways holding it now, over the given gateways. */
  holders(gateways: readonly TestGateway[]): Map<number, string[]> {
    const out = new Map<number, string[]>();
    for (const g of gateways) for (const s of g.held()) out.set(s, [...(out.get(s) ?? []), g.id]);
    return out;
  }

  /** The longest time any slot was held by two different gateways at once (ms). */
  maxOverlapMs(): number {
    const now = performance.now();
    let worst = 0;
    const bySlot = new Map<number, LinkInterval[]>();
    for (const iv of this.intervals) bySlot.set(iv.slot, [...(bySlot.get(iv.slot) ?? []), iv]);
    for (const list of bySlot.values()) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i]!;
          const b = list[j]!;
          if (a.gateway === b.gateway) continue;
          const overlap = Math.min(a.to ?? now, b.to ?? now) - Math.max(a.from, b.from);
          worst = Math.max(worst, overlap);
        }
      }
    }
    return worst;
  }

  async close(): Promise<void> {
    for (const g of this.gateways) {
      await g.ownership.stop(false);
      g.redis.disconnect();
      await g.proxy.close();
    }
  }
}
