/**
 * Channels of the fan-out: one per distinct board subscription (all teams, or a set of teams),
 * each with its own consecutive `seq` and a short, bounded history of recent deltas for replay.
 * Pure: no sockets, no clock of its own.
 */
import type { FloorDelta } from '@/lib/protocol';

/** What a board subscribes to: every team (`'*'`) or a list of teams. */
export type TeamScope = '*' | readonly string[];

/** The key of the channel that shows every agent. */
export const ALL_TEAMS_KEY = '*';

/**
 * Canonical channel key of a scope: `*`, or the sorted, de-duplicated team list as JSON.
 * JSON (rather than joining with a separator) keeps any character a team name may contain
 * from making two different subscriptions collide.
 */
export function channelKey(scope: TeamScope): string {
  if (scope === '*') return ALL_TEAMS_KEY;
  return JSON.stringify([...new Set(scope)].sort());
}

export interface HistoryLimits {
  /** Deltas older than this (ms) are dropped. */
  maxAgeMs: number;
  maxDeltas: number;
  /** Approximate JSON size of all deltas kept, per channel. */
  maxBytes: number;
}

interface HistoryEntry {
  delta: FloorDelta;
  bytes: number;
}

/**
 * A ring of the most recent deltas of one channel, consecutive by seq.
 * Bounded by age, count and bytes so a busy floor cannot grow it without limit.
 */
export class DeltaHistory {
  private entries: HistoryEntry[] = [];
  private totalBytes = 0;

  constructor(private readonly limits: HistoryLimits) {}

  get size(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  push(delta: FloorDelta, bytes: number): void {
    this.entries.push({ delta, bytes });
    this.totalBytes += bytes;
    this.prune(delta.serverTime);
  }

  /**
   * The deltas after `sinceSeq`, or null when the oldest of them is no longer kept.
   * The caller has checked that `sinceSeq` is below the channel's current seq.
   */
  since(sinceSeq: number): FloorDelta[] | null {
    const first = this.entries[0];
    if (first === undefined || first.delta.seq > sinceSeq + 1) return null;
    // Entries are consecutive, so the start index follows from the seq directly.
    const start = sinceSeq + 1 - first.delta.seq;
    return this.entries.slice(start).map((e) => e.delta);
  }

  private prune(now: number): void {
    const oldestAllowed = now - this.limits.maxAgeMs;
    // Keep at least the newest delta even if it alone is over the byte limit: a replay of
    // one delta is still cheaper than a snapshot.
    while (this.entries.length > 1) {
      const head = this.entries[0];
      if (head === undefined) break;
      const tooMany = this.entries.length > this.limits.maxDeltas;
      const tooBig = this.totalBytes > this.limits.maxBytes;
      const tooOld = head.delta.serverTime < oldestAllowed;
      if (!tooMany && !tooBig && !tooOld) break;
      // shift() is O(n), but n is bounded by maxDeltas (hundreds) and this runs once per flush.
      this.entries.shift();
      this.totalBytes -= head.bytes;
    }
  }
}

export interface Channel {
  readonly key: string;
  /** null: every team. */
  readonly teams: ReadonlySet<string> | null;
  /** The seq of the last delta sent (or the starting point when none was sent yet). */
  seq: number;
  /** Boards subscribed; the channel is dropped once this has been 0 for the grace period (B9). */
  subscribers: number;
  /** When the last board left (null while any is subscribed): the grace period runs from here. */
  emptySince: number | null;
  /**
   * Names this incarnation of the channel in this process: a board resuming with another epoch
   * (another process, or the channel dropped and re-created) gets a snapshot (B11).
   */
  readonly epoch: string;
  readonly history: DeltaHistory;
}

export function createChannel(scope: TeamScope, startSeq: number, limits: HistoryLimits, bootId: string): Channel {
  return {
    key: channelKey(scope),
    teams: scope === '*' ? null : new Set(scope),
    seq: startSeq,
    subscribers: 0,
    emptySince: null,
    // The start seq is unique per channel incarnation within a process (B9), the boot id across processes.
    epoch: `${bootId}.${startSeq.toString(36)}`,
    history: new DeltaHistory(limits),
  };
}

export function channelCovers(channel: Channel, team: string | undefined): boolean {
  if (channel.teams === null) return true;
  return team !== undefined && channel.teams.has(team);
}
