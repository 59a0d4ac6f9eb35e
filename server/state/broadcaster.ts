/**
 * The broadcaster core: turns "these agents changed" into numbered deltas per channel.
 * Pure: no sockets and no timers; time comes in as an argument (docs/realtime-protocol.md, B rules).
 *
 * Work per flush is proportional to the dirty set (times the few channels an agent's team is
 * in), never to the floor: channels are indexed by team, and each AgentView is read and sized
 * once per flush however many channels carry it.
 */
import type { AgentView, FloorDelta, FloorSnapshot } from '@/lib/protocol';
import { type WireAgent, type WireDelta, encodeAgent } from '@/lib/wire';
import {
  type Channel,
  type HistoryLimits,
  type TeamScope,
  ALL_TEAMS_KEY,
  channelCovers,
  channelKey,
  createChannel,
} from './broadcaster-channel';
import type { FloorReadModel } from './broadcaster-read-model';

export interface BroadcasterOptions {
  floor: FloorReadModel;
  /** Minimum time between two flushes (B2). Default 50 ms (docs/realtime-protocol.md: the latency target). */
  batchMs?: number;
  /** History kept per channel for replay (B8). Defaults: 30 s, 500 deltas, 8 MiB. */
  historyMs?: number;
  historyMaxDeltas?: number;
  historyMaxBytes?: number;
  /**
   * How long a channel with no board left is kept, still numbering deltas into its history, so
   * that boards dropped together can resume by replay (B9, B11). Default: `historyMs`.
   */
  channelGraceMs?: number;
  /** Names this process in channel epochs (B11). Default: random. */
  bootId?: string;
}

export interface ChannelDelta {
  channel: string;
  delta: FloorDelta;
  /** The delta in wire form (what the boards are sent), built from views encoded once per flush. */
  wire: WireDelta;
  /** Approximate size of the delta's wire form (for history bounds and bytes-out metrics). */
  bytes: number;
}

export interface ChannelInfo {
  key: string;
  teams: '*' | string[];
  seq: number;
  subscribers: number;
  historyDeltas: number;
  historyBytes: number;
}

/** The wire form `[seq,serverTime,[],[]]` without the arrays' contents. */
const DELTA_OVERHEAD_BYTES = 36;

interface PendingDelta {
  upserts: AgentView[];
  /** The same upserts in wire form, encoded once per view per flush and shared by every channel. */
  wireUpserts: WireAgent[];
  removed: Set<string>;
  bytes: number;
}

export class Broadcaster {
  readonly batchMs: number;
  private readonly floor: FloorReadModel;
  private readonly limits: HistoryLimits;
  private readonly graceMs: number;
  private readonly bootId: string;
  private readonly channelsByKey = new Map<string, Channel>();
  /** Team channels indexed by each team they cover; the all-teams channel is kept apart. */
  private readonly channelsByTeam = new Map<string, Set<Channel>>();
  private allChannel: Channel | undefined;
  /**
   * Dirty agents, each with every team it was seen in since the last flush: a snapshot taken
   * in between may have shown the agent in any of them, so each must hear of a move (B6).
   */
  private readonly pending = new Map<string, Set<string>>();
  /** The team each agent was last published under. */
  private readonly publishedTeam = new Map<string, string>();
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  /** Highest seq any channel ever reached, so a re-created channel never reuses one (B9). */
  private highestSeq = 0;

  constructor(options: BroadcasterOptions) {
    this.floor = options.floor;
    this.batchMs = options.batchMs ?? 50;
    this.limits = {
      maxAgeMs: options.historyMs ?? 30_000,
      maxDeltas: options.historyMaxDeltas ?? 500,
      maxBytes: options.historyMaxBytes ?? 8 * 1024 * 1024,
    };
    this.graceMs = options.channelGraceMs ?? this.limits.maxAgeMs;
    this.bootId = options.bootId ?? globalThis.crypto.randomUUID().slice(0, 8);
    // Agents already on the floor count as published: boards see them in snapshots.
    for (const extno of this.floor.allExtnos()) {
      const team = this.floor.team(extno);
      if (team !== undefined) this.publishedTeam.set(extno, team);
    }
  }

  /**
   * Add one board to the channel of `scope`, creating the channel if needed; returns its key.
   * A new channel starts its seq at the clock (ms) or above any seq ever issued, whichever is
   * higher, so a seq a board kept from an earlier channel or process is never mistaken for a
   * current one (B9).
   */
  subscribe(scope: TeamScope, now: number): string {
    this.dropIdleChannels(now);
    const key = channelKey(scope);
    let channel = this.channelsByKey.get(key);
    if (channel === undefined) {
      const startSeq = Math.max(this.highestSeq + 1, Math.floor(now));
      this.highestSeq = startSeq;
      channel = createChannel(scope, startSeq, this.limits, this.bootId);
      this.addChannel(channel);
    }
    channel.subscribers += 1;
    channel.emptySince = null;
    return key;
  }

  /**
   * Remove one board. A channel with no board left keeps numbering deltas for the grace period,
   * so boards that all dropped together can resume (B11); then it is dropped with its history (B9).
   */
  unsubscribe(key: string, now: number): void {
    const channel = this.channelsByKey.get(key);
    if (channel === undefined) return;
    channel.subscribers -= 1;
    if (channel.subscribers > 0) return;
    channel.emptySince = now;
    this.dropIdleChannels(now);
  }

  hasChannel(key: string): boolean {
    return this.channelsByKey.has(key);
  }

  /** Report agents whose board-visible view changed (after each reduce). */
  markDirty(extnos: Iterable<string>): void {
    for (const extno of extnos) {
      let seen = this.pending.get(extno);
      if (seen === undefined) {
        seen = new Set();
        this.pending.set(extno, seen);
      }
      const team = this.floor.team(extno);
      if (team !== undefined) seen.add(team);
    }
  }

  /**
   * Report agents that left the roster. The floor read model is the truth at flush time
   * (B3), so this is the same as marking them dirty: an agent removed and re-added within
   * one batch is sent as an upsert.
   */
  markRemoved(extnos: Iterable<string>): void {
    this.markDirty(extnos);
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /**
   * When the next flush may run: null when nothing is dirty; a time at or before now means at
   * once (the first change after a quiet spell, B1); otherwise one batch after the last flush (B2).
   */
  nextFlushAt(): number | null {
    if (this.pending.size === 0) return null;
    return this.lastFlushAt + this.batchMs;
  }

  /**
   * Turn the dirty set into one delta per channel that has something to hear. Unconditional:
   * the scheduler decides when (see nextFlushAt). Nothing dirty, nothing sent (B7).
   */
  flush(now: number): ChannelDelta[] {
    if (this.pending.size === 0) return [];
    this.dropIdleChannels(now);
    this.lastFlushAt = now;
    const byChannel = new Map<Channel, PendingDelta>();
    const bucket = (channel: Channel): PendingDelta => {
      let entry = byChannel.get(channel);
      if (entry === undefined) {
        entry = { upserts: [], wireUpserts: [], removed: new Set(), bytes: DELTA_OVERHEAD_BYTES };
        byChannel.set(channel, entry);
      }
      return entry;
    };

    for (const [extno, seenTeams] of this.pending) {
      const previous = this.publishedTeam.get(extno);
      if (previous !== undefined) seenTeams.add(previous);
      const view = this.floor.view(extno);
      if (view === undefined) {
        this.publishedTeam.delete(extno);
        // Nobody can hold an agent that was never published nor seen on the floor.
        if (seenTeams.size === 0) continue;
        if (this.allChannel) addRemoved(bucket(this.allChannel), extno);
        for (const team of seenTeams) {
          for (const channel of this.channelsByTeam.get(team) ?? []) addRemoved(bucket(channel), extno);
        }
        continue;
      }
      this.publishedTeam.set(extno, view.team);
      // Encoded to its wire form (lib/wire.ts) and sized once per flush, whatever the number of
      // channels and boards carrying it.
      let wire: WireAgent | undefined;
      let viewBytes = 0;
      const addUpsert = (channel: Channel): void => {
        if (wire === undefined) {
          wire = encodeAgent(view, now);
          viewBytes = Buffer.byteLength(JSON.stringify(wire)) + 1;
        }
        const entry = bucket(channel);
        entry.upserts.push(view);
        entry.wireUpserts.push(wire);
        entry.bytes += viewBytes;
      };
      if (this.allChannel) addUpsert(this.allChannel);
      for (const channel of this.channelsByTeam.get(view.team) ?? []) addUpsert(channel);
      // Channels that covered a team the agent was in, but not its team now, see it leave (B6).
      for (const team of seenTeams) {
        if (team === view.team) continue;
        for (const channel of this.channelsByTeam.get(team) ?? []) {
          if (!channelCovers(channel, view.team)) addRemoved(bucket(channel), extno);
        }
      }
    }
    this.pending.clear();

    const out: ChannelDelta[] = [];
    for (const [channel, entry] of byChannel) {
      channel.seq += 1;
      if (channel.seq > this.highestSeq) this.highestSeq = channel.seq;
      const delta: FloorDelta = {
        seq: channel.seq,
        serverTime: now,
        upserts: entry.upserts,
        removed: [...entry.removed],
      };
      channel.history.push(delta, entry.bytes);
      out.push({ channel: channel.key, delta, wire: [delta.seq, now, entry.wireUpserts, delta.removed], bytes: entry.bytes });
    }
    return out;
  }

  /**
   * The channel's full view, tagged with the seq of the last delta sent to it, so the board
   * applies seq + 1 next. It may already contain changes still waiting for the next flush;
   * deltas carry whole views, so applying them again is harmless.
   */
  snapshot(key: string, now: number): FloorSnapshot {
    const channel = this.requireChannel(key);
    const agents: AgentView[] = [];
    for (const extno of this.floor.allExtnos()) {
      // Filter on the cheap team lookup first: a team board should not build 10,000 views.
      if (!channelCovers(channel, this.floor.team(extno))) continue;
      const view = this.floor.view(extno);
      if (view !== undefined) agents.push(view);
    }
    return { seq: channel.seq, epoch: channel.epoch, serverTime: now, agents, announcements: [...this.floor.announcements()] };
  }

  /**
   * The deltas after `sinceSeq` if all are still in the channel's history (B8); [] when the
   * board is up to date; null when it needs a snapshot (too old, from another channel
   * incarnation, or ahead of this channel).
   */
  replaySince(key: string, sinceSeq: number): FloorDelta[] | null {
    const channel = this.channelsByKey.get(key);
    if (channel === undefined) return null;
    if (sinceSeq === channel.seq) return [];
    if (sinceSeq > channel.seq) return null;
    return channel.history.since(sinceSeq);
  }

  /**
   * For a board reconnecting with what it holds (B11): the deltas after `sinceSeq` when `epoch`
   * is this channel's current incarnation and its history covers the gap ([] when up to date);
   * null when the board needs a snapshot.
   */
  resumeFrom(key: string, epoch: string, sinceSeq: number): FloorDelta[] | null {
    if (this.channelsByKey.get(key)?.epoch !== epoch) return null;
    return this.replaySince(key, sinceSeq);
  }

  /** The epoch of a channel's current incarnation (B11). */
  epochOf(key: string): string {
    return this.requireChannel(key).epoch;
  }

  /** The seq of the last delta sent on a channel. */
  seqOf(key: string): number {
    return this.requireChannel(key).seq;
  }

  channels(): ChannelInfo[] {
    return [...this.channelsByKey.values()].map((c) => ({
      key: c.key,
      teams: c.teams === null ? '*' : [...c.teams],
      seq: c.seq,
      subscribers: c.subscribers,
      historyDeltas: c.history.size,
      historyBytes: c.history.bytes,
    }));
  }

  /** Channels empty for longer than the grace period are dropped with their history (B9). */
  private dropIdleChannels(now: number): void {
    for (const channel of this.channelsByKey.values()) {
      if (channel.emptySince !== null && now - channel.emptySince >= this.graceMs) this.removeChannel(channel);
    }
  }

  private requireChannel(key: string): Channel {
    const channel = this.channelsByKey.get(key);
    if (channel === undefined) throw new Error(`no channel ${key}`);
    return channel;
  }

  private addChannel(channel: Channel): void {
    this.channelsByKey.set(channel.key, channel);
    if (channel.key === ALL_TEAMS_KEY) {
      this.allChannel = channel;
      return;
    }
    for (const team of channel.teams ?? []) {
      let set = this.channelsByTeam.get(team);
      if (set === undefined) {
        set = new Set();
        this.channelsByTeam.set(team, set);
      }
      set.add(channel);
    }
  }

  private removeChannel(channel: Channel): void {
    this.channelsByKey.delete(channel.key);
    if (channel === this.allChannel) {
      this.allChannel = undefined;
      return;
    }
    for (const team of channel.teams ?? []) {
      const set = this.channelsByTeam.get(team);
      set?.delete(channel);
      if (set?.size === 0) this.channelsByTeam.delete(team);
    }
  }
}

function addRemoved(entry: PendingDelta, extno: string): void {
  if (entry.removed.has(extno)) return;
  entry.removed.add(extno);
  entry.bytes += Buffer.byteLength(extno) + 3;
}
