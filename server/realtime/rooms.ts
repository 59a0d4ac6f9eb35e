/**
 * Socket.IO room names. Prefixed so a team or extension name can never collide with another
 * kind of room or with a socket id.
 */

/** The room of a broadcaster channel: every board subscribed to it that is not paused. */
export function channelRoom(channelKey: string): string {
  return `floor:${channelKey}`;
}

/** Sockets watching one agent's screen pop. */
export function popRoom(extno: string): string {
  return `pop:${extno}`;
}

/** Boards paused as slow (R6): excluded from broadcasts until they drain. */
export const PAUSED_ROOM = 'board:paused';
