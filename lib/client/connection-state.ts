/**
 * The board's own connection, as the board must admit it: a wall that silently shows frozen
 * figures is worse than one that says it is offline (FreeSWITCH #1973, Flex status flapping).
 */

/**
 * - connecting: first connection, nothing shown yet;
 * - live: connected and in step with the server (a resync may be running: see `syncing`);
 * - reconnecting: the socket dropped, figures are frozen and retried;
 * - down: still no connection after DOWN_AFTER_MS: say so from across the room.
 */
export type ConnectionPhase = 'connecting' | 'live' | 'reconnecting' | 'down';

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Browser epoch ms the phase began (for "down since"): the moment the figures froze when not live. */
  since: number;
  /** A resync is in flight: deltas are held until it answers. */
  syncing: boolean;
  /** Browser epoch ms of the last snapshot or delta applied, or null. */
  lastDataAt: number | null;
  /** The server refused the handshake with this code (REALTIME_ERROR_CODES), or null. */
  refused: string | null;
}

/** A reconnect that takes longer than this turns the board's banner from amber to red. */
export const DOWN_AFTER_MS = 10_000;

export function initialConnection(now: number): ConnectionState {
  return { phase: 'connecting', since: now, syncing: false, lastDataAt: null, refused: null };
}

/** Whether the figures on screen are the server's current truth. */
export function isFresh(c: ConnectionState): boolean {
  return c.phase === 'live';
}
