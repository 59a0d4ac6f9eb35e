/**
 * Socket.IO room names. Prefixed so a team or extension name can never collide with another
 * kind of room or with a socket id.
 */

/** The room of a broadcaster channel: every board subscribed to it that is not paused. */
export function channelRoom(channelKey: string): string {
  return `floor:${channelKey}`;
}

/**
 * Boards of a channel waiting for their snapshot (R12): outside the channel room, so no delta
 * reaches them before the snapshot that the next one must follow.
 */
export function joiningRoom(channelKey: string): string {
  return `joining:${channelKey}`;
}

/** Sockets watching one agent's screen pop. */
export function popRoom(extno: string): string {
  return `pop:${extno}`;
}

/** Boards paused as slow (R6): excluded from broadcasts until they drain. */
export const PAUSED_ROOM = 'board:paused';
