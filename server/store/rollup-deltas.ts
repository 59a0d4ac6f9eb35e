/**
 * Team-minute rollups derived from transitions, on write (docs/storage.md, H11).
 *
 * Why on write and not a periodic job: a transition carries the whole ended state (status,
 * end, duration), so its rollup contribution is known the moment it is stored, and adding it in
 * the same transaction as the transition insert keeps the two consistent with no job, no
 * watermark and no re-scan. Retries cannot double-count because only the transitions the
 * INSERT actually added (RETURNING, after ON CONFLICT DO NOTHING) are rolled up.
 *
 * Pure: no database here.
 */
import { MINUTE_MS } from './sql-time';
import type { AgentStatus } from '@/lib/domain/status';

export interface RollupDelta {
  team: string;
  /** Epoch ms of the UTC minute start. */
  minute: number;
  idleSeconds: number;
  onCallSeconds: number;
  wrapUpSeconds: number;
  callsConnected: number;
  /** Talk periods (on_call states) that ended in this minute: total length and count. */
  talkSeconds: number;
  talkCount: number;
  /** Wrap-up periods that ended in this minute. */
  wrapSeconds: number;
  wrapCount: number;
  /** Longest idle period that ended in this minute. */
  maxIdleSeconds: number;
}

export interface TransitionLike {
  team: string;
  from: AgentStatus;
  at: number;
  prevDurationMs: number;
}

/**
 * A state longer than this is rolled up for its last 24 h only: signed-in states do not last
 * that long on a real floor, and slicing a bogus week-long state would write 10 080 rows.
 */
export const MAX_SLICED_STATE_MS = 86_400_000;

const SLICED = new Set<AgentStatus>(['idle', 'on_call', 'wrap_up']);

export class RollupAccumulator {
  private readonly deltas = new Map<string, RollupDelta>();

  private at(team: string, minute: number): RollupDelta {
    const key = `${minute}\u0000${team}`;
    let d = this.deltas.get(key);
    if (!d) {
      d = {
        team,
        minute,
        idleSeconds: 0,
        onCallSeconds: 0,
        wrapUpSeconds: 0,
        callsConnected: 0,
        talkSeconds: 0,
        talkCount: 0,
        wrapSeconds: 0,
        wrapCount: 0,
        maxIdleSeconds: 0,
      };
      this.deltas.set(key, d);
    }
    return d;
  }

  /** Add the state a transition ended: seconds per minute it covered, and the ended period at its end minute. */
  addTransition(t: TransitionLike): void {
    const duration = Math.max(0, t.prevDurationMs);
    if (duration === 0 || !SLICED.has(t.from)) return;
    const end = t.at;
    const start = end - Math.min(duration, MAX_SLICED_STATE_MS);
    for (let m = Math.floor(start / MINUTE_MS) * MINUTE_MS; m < end; m += MINUTE_MS) {
      const seconds = (Math.min(end, m + MINUTE_MS) - Math.max(start, m)) / 1000;
      const d = this.at(t.team, m);
      if (t.from === 'idle') d.idleSeconds += seconds;
      else if (t.from === 'on_call') d.onCallSeconds += seconds;
      else d.wrapUpSeconds += seconds;
    }
    // The whole period is attributed to the minute of the transition that ended it, the same
    // rule the per-agent day table uses (a period ending at 00:00:00 belongs to the new day).
    const endMinute = this.at(t.team, Math.floor(end / MINUTE_MS) * MINUTE_MS);
    const total = duration / 1000;
    if (t.from === 'on_call') {
      endMinute.talkSeconds += total;
      endMinute.talkCount += 1;
    } else if (t.from === 'wrap_up') {
      endMinute.wrapSeconds += total;
      endMinute.wrapCount += 1;
    } else {
      endMinute.maxIdleSeconds = Math.max(endMinute.maxIdleSeconds, total);
    }
  }

  addCallConnected(team: string, connectedAt: number): void {
    this.at(team, Math.floor(connectedAt / MINUTE_MS) * MINUTE_MS).callsConnected += 1;
  }

  get size(): number {
    return this.deltas.size;
  }

  values(): RollupDelta[] {
    return [...this.deltas.values()];
  }
}
