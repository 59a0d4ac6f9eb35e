/**
 * A gateway's share of the roster: membership heartbeat, slot leases (acquire, renew, release)
 * and self-fencing, run every ttl/4 (docs/deploy.md, "Ownership").
 *
 * Safety rule: links for a slot are open only while this gateway can prove it holds the lease.
 * `onOwned` is called with the new owned set BEFORE a lease is released, and when a renewal has
 * not been confirmed for 7/8 of the TTL, so links close before anyone else can acquire the slot.
 */
import type { Redis } from 'ioredis';
import type { ClusterKeys } from './keys';
import { ACQUIRE, HEARTBEAT, LEAVE, RELEASE, RENEW } from './lease-scripts';
import { SLOT_COUNT, rendezvousOwner } from './slots';
import type { LogFn } from '@/server/log';

export interface SlotOwnershipOptions {
  redis: Redis;
  keys: ClusterKeys;
  gatewayId: string;
  ttlMs: number;
  /** The owned slots (slot -> fencing token) changed. Must close lost slots' links before returning. */
  onOwned: (owned: ReadonlyMap<number, number>) => void;
  log: { info: LogFn; warn: LogFn };
  now?: () => number;
}

export interface OwnershipStatus {
  members: readonly string[];
  owned: number;
  /** Whether the last round reached Redis. */
  redis: 'ok' | 'down';
}

export class SlotOwnership {
  private readonly held = new Map<number, { fence: number; confirmedAt: number }>();
  private members: readonly string[] = [];
  private redisOk = false;
  private roundTimer: NodeJS.Timeout | null = null;
  private fenceTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly opts: SlotOwnershipOptions) {
    this.now = opts.now ?? Date.now;
  }

  get roundMs(): number {
    return Math.max(50, Math.floor(this.opts.ttlMs / 4));
  }

  /** Links close this long before an unconfirmed lease could expire (two fence checks). */
  get fenceMarginMs(): number {
    return Math.max(50, Math.floor(this.opts.ttlMs / 8));
  }

  start(): void {
    this.roundTimer = setInterval(() => void this.round(), this.roundMs);
    this.fenceTimer = setInterval(() => this.scheduleSelfFence(), Math.max(25, Math.floor(this.fenceMarginMs / 2)));
    void this.round();
  }

  owned(): ReadonlyMap<number, number> {
    return new Map([...this.held].map(([slot, h]) => [slot, h.fence]));
  }

  status(): OwnershipStatus {
    return { members: this.members, owned: this.held.size, redis: this.redisOk ? 'ok' : 'down' };
  }

  /** One round; concurrent calls share the one in flight. */
  round(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.runRound().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runRound(): Promise<void> {
    const { redis, keys, gatewayId, ttlMs } = this.opts;
    try {
      const members = (await redis.eval(HEARTBEAT, 1, keys.members, gatewayId, ttlMs)) as string[];
      if (this.stopped) return;
      this.members = members;
      const desired = new Set<number>();
      for (let slot = 0; slot < SLOT_COUNT; slot++) if (rendezvousOwner(slot, members) === gatewayId) desired.add(slot);

      // Release what another member should own: links close first (onOwned), then the key goes.
      const leaving = [...this.held].filter(([slot]) => !desired.has(slot));
      if (leaving.length > 0) {
        for (const [slot] of leaving) this.held.delete(slot);
        this.emit();
        const p = redis.pipeline();
        for (const [slot, h] of leaving) p.eval(RELEASE, 1, keys.lease(slot), `${gatewayId}/${h.fence}`);
        await p.exec();
      }

      const keep = [...this.held];
      const wanted = [...desired].filter((slot) => !this.held.has(slot));
      const p = redis.pipeline();
      for (const [slot, h] of keep) p.eval(RENEW, 1, keys.lease(slot), `${gatewayId}/${h.fence}`, ttlMs);
      for (const slot of wanted) p.eval(ACQUIRE, 2, keys.lease(slot), keys.fence, gatewayId, ttlMs);
      // A lower bound of when Redis runs these: a lease renewed by them lasts at least until
      // sentAt + ttl, whatever the round trip or this process's event loop does meanwhile.
      const sentAt = this.now();
      const results = (await p.exec()) ?? [];
      if (this.stopped) return;
      let changed = false;
      keep.forEach(([slot, h], i) => {
        const [err, ok] = results[i] ?? [new Error('no reply'), 0];
        if (err) return; // unconfirmed: self-fencing decides if it lasts too long
        if (Number(ok) === 1) h.confirmedAt = sentAt;
        else if (this.held.delete(slot)) changed = true; // someone else holds it now
      });
      wanted.forEach((slot, i) => {
        const [err, fence] = results[keep.length + i] ?? [new Error('no reply'), 0];
        if (err || Number(fence) === 0) return;
        this.held.set(slot, { fence: Number(fence), confirmedAt: sentAt });
        changed = true;
      });
      if (!this.redisOk) this.opts.log.info({ gateway: gatewayId, members: members.length }, 'gateway membership confirmed');
      this.redisOk = true;
      if (changed) this.emit();
    } catch (err) {
      if (this.redisOk) this.opts.log.warn({ err: err instanceof Error ? err.message : String(err), gateway: gatewayId }, 'lease round failed');
      this.redisOk = false;
    } finally {
      this.selfFence();
    }
  }

  /**
   * Timers run before I/O in an event-loop turn: after a stall, a renewal's reply may already be
   * waiting. Deciding after I/O (setImmediate) counts it, and is still before the lease expires.
   */
  private scheduleSelfFence(): void {
    setImmediate(() => this.selfFence());
  }

  /** Drop every slot whose last confirmed renewal is older than 7/8 of the TTL (before it can expire). */
  private selfFence(): void {
    const limit = this.opts.ttlMs - this.fenceMarginMs;
    const t = this.now();
    let changed = false;
    for (const [slot, h] of this.held) {
      if (t - h.confirmedAt >= limit) {
        this.held.delete(slot);
        changed = true;
      }
    }
    if (changed) {
      this.opts.log.warn({ gateway: this.opts.gatewayId, owned: this.held.size }, 'leases unconfirmed: links closed before they could expire');
      this.emit();
    }
  }

  private emit(): void {
    this.opts.onOwned(this.owned());
  }

  /**
   * Stop. `release`: leave cleanly (close links, delete leases and membership) so the others
   * take over at once; otherwise just stop, as a crash would (tests).
   */
  async stop(release = true): Promise<void> {
    await this.running?.catch(() => undefined);
    this.stopped = true;
    if (this.roundTimer) clearInterval(this.roundTimer);
    if (this.fenceTimer) clearInterval(this.fenceTimer);
    if (!release) return;
    const leaving = [...this.held];
    this.held.clear();
    this.emit();
    const { redis, keys, gatewayId } = this.opts;
    try {
      const p = redis.pipeline();
      p.eval(LEAVE, 1, keys.members, gatewayId);
      for (const [slot, h] of leaving) p.eval(RELEASE, 1, keys.lease(slot), `${gatewayId}/${h.fence}`);
      await p.exec();
    } catch {
      // Redis unreachable: the leases expire on their own after the TTL.
    }
  }
}
