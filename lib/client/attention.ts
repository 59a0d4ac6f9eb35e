/**
 * Which agents need a supervisor's attention, and how urgently. The board lifts these to the
 * top of their group so they are seen without reading every tile.
 *
 * Rules (docs/board.md, "Attention"):
 * - wrap-up at tier 3 (form left open for minutes): most urgent, the agent is blocking the dialler;
 * - the feed for the agent is lost (link not live) for longer than FEED_LOST_GRACE_MS: we do not
 *   know what the agent is doing; a short blip is not worth moving tiles for;
 * - idle at tier 2 or more (waiting for a call for a minute or more): dialler starvation or an
 *   agent who stepped away while signed in;
 * - wrap-up at tier 2: about to overrun.
 * Within a level, the one waiting longest comes first.
 */
import type { AgentView } from '@/lib/protocol';
import { elapsedSeconds } from '@/lib/format/duration';
import { tierFor } from './tier-config';

export const FEED_LOST_GRACE_MS = 10_000;

export type AttentionReason = 'wrap_overrun' | 'feed_lost' | 'long_idle' | 'long_wrap';

export interface Attention {
  reason: AttentionReason;
  /** Higher is more urgent. */
  level: number;
  /** Seconds the condition has lasted (for ordering within a level). */
  seconds: number;
}

const LEVEL: Readonly<Record<AttentionReason, number>> = {
  wrap_overrun: 4,
  feed_lost: 3,
  long_idle: 2,
  long_wrap: 1,
};

type AttentionInput = Pick<AgentView, 'status' | 'stateSince' | 'link' | 'linkSince' | 'lastFrameAt' | 'team'>;

/** The agent's attention need at server time `now`, or null when all is well. */
export function attentionOf(agent: AttentionInput, now: number): Attention | null {
  if (agent.link !== 'live') {
    // The grace runs from when the link left `live`; the age shown is since the last frame.
    if (now - agent.linkSince >= FEED_LOST_GRACE_MS) {
      const seconds = elapsedSeconds(agent.lastFrameAt ?? agent.linkSince, now);
      return { reason: 'feed_lost', level: LEVEL.feed_lost, seconds };
    }
    // Inside the grace period the last known state still ranks as it did.
  }
  const seconds = elapsedSeconds(agent.stateSince, now);
  const tier = tierFor(agent.status, seconds, agent.team);
  if (agent.status === 'wrap_up' && tier === 3) return { reason: 'wrap_overrun', level: LEVEL.wrap_overrun, seconds };
  if (agent.status === 'idle' && tier >= 2) return { reason: 'long_idle', level: LEVEL.long_idle, seconds };
  if (agent.status === 'wrap_up' && tier === 2) return { reason: 'long_wrap', level: LEVEL.long_wrap, seconds };
  return null;
}

/** Compare two attention values: more urgent first, then longer first. Null (no need) last. */
export function compareAttention(a: Attention | null, b: Attention | null): number {
  if (a === b) return 0;
  if (!a) return b ? 1 : 0;
  if (!b) return -1;
  if (a.level !== b.level) return b.level - a.level;
  return b.seconds - a.seconds;
}
