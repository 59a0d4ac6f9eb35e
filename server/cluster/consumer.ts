/**
 * The web node's side of the change stream: rebuild from `fb:floor`, then `XREAD BLOCK` from the
 * last id, applying every entry to the local floor. After every read and every error (Redis
 * restarted or unreachable) it checks that the stream was not trimmed past the id it read from;
 * when it was, or the stream is gone, it rebuilds from the hash again.
 *
 * Per agent it keeps the highest fencing token applied, and drops an entry with a lower one: a
 * late write from a gateway that has since lost the agent's slot.
 */
import type { Redis } from 'ioredis';
import { type ChangeEntry, type EntryRejection, decodeEntry, decodeFloorValue } from './change-entry';
import type { ClusterKeys } from './keys';
import type { LogFn } from '@/server/log';

export interface ChangeConsumerOptions {
  /** A connection of its own: XREAD BLOCK holds it. */
  redis: Redis;
  keys: ClusterKeys;
  apply: (entry: ChangeEntry) => void;
  /** On every rebuild, before the floor hash is applied: the extensions with a pending sign-out. */
  onRebuild?: (state: { pendingSignOuts: readonly string[] }) => void;
  log: { info: LogFn; warn: LogFn };
  blockMs?: number;
  /** Entries per XREAD. */
  count?: number;
}

export interface ConsumerStatus {
  redis: 'ok' | 'down';
  lastId: string | null;
  applied: number;
  rebuilds: number;
  rejected: Record<EntryRejection | 'STALE_FENCE', number>;
}

type StreamReply = [string, [string, string[]][]][] | null;

/** Compare two stream ids (`ms-seq`). */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am !== bm ? am - bm : as - bs;
}

export class ChangeConsumer {
  private lastId: string | null = null;
  private readonly fences = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private needsCheck = false;
  private rebuildWanted = false;
  private readonly status_: ConsumerStatus = {
    redis: 'down',
    lastId: null,
    applied: 0,
    rebuilds: 0,
    rejected: { BAD_FIELDS: 0, BAD_JSON: 0, BAD_AGENT: 0, BAD_MESSAGE: 0, BAD_PENDING: 0, STALE_FENCE: 0 },
  };

  constructor(private readonly opts: ChangeConsumerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  status(): ConsumerStatus {
    return { ...this.status_, lastId: this.lastId, rejected: { ...this.status_.rejected } };
  }

  /** Rebuild from the floor hash before the next read (after the web node marked its floor stale). */
  rebuildSoon(): void {
    this.rebuildWanted = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.opts.redis.disconnect();
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { redis, keys } = this.opts;
    const count = this.opts.count ?? 1000;
    while (!this.stopped) {
      try {
        if (this.lastId === null || this.rebuildWanted) {
          this.rebuildWanted = false;
          await this.rebuild();
        }
        const before = this.lastId!;
        const reply = (await redis.xread('COUNT', count, 'BLOCK', this.opts.blockMs ?? 2000, 'STREAMS', keys.changes, before)) as StreamReply;
        this.markUp();
        const entries = reply?.[0]?.[1] ?? [];
        for (const [id, fields] of entries) {
          this.lastId = id;
          this.handle(decodeEntry(fields));
        }
        // After an error or a read, check that nothing after `before` was trimmed (one cheap
        // XRANGE per batch): the head only moves forward, so a head still <= `before` now was so
        // at the read, and nothing was skipped.
        if (this.needsCheck || entries.length > 0) {
          if (await this.trimmedPast(before)) await this.rebuild();
          this.needsCheck = false;
        }
      } catch (err) {
        if (this.stopped) return;
        if (this.status_.redis === 'ok') this.opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'change stream unreachable: boards keep the last state');
        this.status_.redis = 'down';
        this.needsCheck = true;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private markUp(): void {
    if (this.status_.redis === 'down' && this.status_.applied > 0) this.opts.log.info({ lastId: this.lastId }, 'change stream reachable again');
    this.status_.redis = 'ok';
  }

  /** Whether entries after `since` may be gone: the stream is missing or now starts after it. */
  private async trimmedPast(since: string): Promise<boolean> {
    const first = (await this.opts.redis.xrange(this.opts.keys.changes, '-', '+', 'COUNT', 1)) as [string, string[]][];
    if (first.length === 0) return since !== '0-0'; // gone (Redis restarted empty)
    return compareIds(first[0]![0], since) > 0 && since !== '0-0';
  }

  /** Read the stream's last id first, then the hash: entries written in between are replayed (harmless, full states). */
  private async rebuild(): Promise<void> {
    const { redis, keys } = this.opts;
    const last = (await redis.xrevrange(keys.changes, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const floor = await redis.hgetall(keys.floor);
    const pending = await redis.hkeys(keys.pending);
    this.markUp();
    this.lastId = last[0]?.[0] ?? '0-0';
    this.opts.onRebuild?.({ pendingSignOuts: pending.filter((extno) => extno.length > 0 && extno.length <= 64) });
    for (const value of Object.values(floor)) this.handle(decodeFloorValue(value));
    this.status_.rebuilds += 1;
    this.opts.log.info({ agents: Object.keys(floor).length, lastId: this.lastId }, 'floor rebuilt from redis');
  }

  private handle(decoded: ReturnType<typeof decodeEntry>): void {
    if (!decoded.ok) {
      this.status_.rejected[decoded.code] += 1;
      return;
    }
    const entry = decoded.entry;
    if (entry.kind === 'agent') {
      const seen = this.fences.get(entry.agent.extno) ?? 0;
      if (entry.fence < seen) {
        this.status_.rejected.STALE_FENCE += 1;
        return;
      }
      this.fences.set(entry.agent.extno, entry.fence);
    }
    this.status_.applied += 1;
    this.opts.apply(entry);
  }
}
