/**
 * The read side of the floor state, as the fan-out sees it.
 *
 * The broadcaster and the realtime server depend on this small interface only, never on the
 * reducer: the pure core stays testable with an in-memory fake, and the boot code adapts the
 * real reducer state to it (`view` = toAgentView, `callDetail` = toCallDetail).
 */
import type { AgentView, Announcement, CallDetail } from '@/lib/protocol';

export interface FloorReadModel {
  /** The agent as a board shows it, or undefined once it left the roster. */
  view(extno: string): AgentView | undefined;
  /** The agent's current team (cheaper than building the whole view). */
  team(extno: string): string | undefined;
  /** Every extension on the roster (used for snapshots, so O(floor) is expected here). */
  allExtnos(): Iterable<string>;
  /** The open call's screen pop, or null when the agent has no call record open. */
  callDetail(extno: string): CallDetail | null;
  /** Recent announcements, oldest first (they go into every snapshot). */
  announcements(): readonly Announcement[];
}
