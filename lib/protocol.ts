/**
 * The one typed Socket.IO protocol between the Floorboard server and browsers.
 * Every wire message is declared here and documented in docs/realtime-protocol.md.
 * Event names are `domain:verb`. Each says whether it is a broadcast (to a room)
 * or sent to one socket.
 * Shared by server and browser: no node:* or react imports here.
 */
import type { AgentStatus, LinkState } from './domain/status';

/** Socket.IO's path on the Floorboard server (the upgrade router sends the rest to Next). */
export const SOCKET_PATH = '/socket.io';

/** A call as the board shows it on a tile: no customer data beyond the masked number and city. */
export interface CallSummary {
  sessionId: string;
  city: string;
  /** 138****5678: masked on the server. */
  phoneMasked: string;
  customerName: string;
  projectId: number;
  taskId: number;
  /** Epoch ms, server clock. */
  connectedAt: number;
  held: boolean;
  /** Set once the call ended (the agent is in wrap-up with the record still open). */
  endedAt: number | null;
}

export interface AgentToday {
  calls: number;
  talkSeconds: number;
  wrapSeconds: number;
  longestIdleSeconds: number;
}

/** One agent as a board sees it. */
export interface AgentView {
  extno: string;
  name: string;
  team: string;
  /** Last known status; shown greyed unless `link` is `live`. */
  status: AgentStatus;
  /** Epoch ms (server clock) the agent entered `status`; timers tick from this in the browser. */
  stateSince: number;
  link: LinkState;
  linkSince: number;
  /** Epoch ms of the last frame from the call system, or null. */
  lastFrameAt: number | null;
  call: CallSummary | null;
  today: AgentToday;
  pendingSignOut: boolean;
}

/** The whole screen pop of an open call, sent only to sockets that asked for it (`pop:watch`). */
export interface CallDetail {
  extno: string;
  sessionId: string;
  city: string;
  connectedAt: number;
  endedAt: number | null;
  held: boolean;
  customer: {
    uuid: string;
    name: string;
    phoneMasked: string;
    projectId: number;
    taskId: number;
    group: string;
    ownerExtno: string;
    recordStatus: number;
    editStamp: string;
    importStamp: string;
    fields: { ok: true; values: Record<string, string | string[]> } | { ok: false; raw: string; reason: string };
  };
}

export interface Announcement {
  id: string;
  text: string;
  /** Epoch ms the first agent received it. */
  at: number;
}

export interface FloorSnapshot {
  /** The seq of the last delta folded into this snapshot; the next delta is seq + 1. */
  seq: number;
  /** Server clock at send time (epoch ms), for the browser's clock offset. */
  serverTime: number;
  agents: AgentView[];
  announcements: Announcement[];
}

export interface FloorDelta {
  /** Consecutive per room: a client applies seq only after seq - 1, else resyncs. */
  seq: number;
  serverTime: number;
  /** Agents whose view changed (last write wins within the batch). */
  upserts: AgentView[];
  /** Extensions no longer on the roster (or no longer visible to this room). */
  removed: string[];
}

/** Acks: `{ok:true,data}` or `{ok:false,code,message}` with stable codes. */
export type Ack<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

export type ResyncReply =
  | { kind: 'replay'; deltas: FloorDelta[] }
  | { kind: 'snapshot'; snapshot: FloorSnapshot };

export interface ServerToClientEvents {
  /** To one socket: the board's view on join, and after a resync that could not replay. */
  'floor:snapshot': (snapshot: FloorSnapshot) => void;
  /** Broadcast to the board's room: numbered changes. Never volatile. */
  'floor:delta': (delta: FloorDelta) => void;
  /** Broadcast: a new announcement seen on the floor. */
  'announce:new': (announcement: Announcement) => void;
  /** To one socket: the screen pop of the agent it watches (null when the call record closes). */
  'pop:detail': (detail: CallDetail | null) => void;
}

export interface ClientToServerEvents {
  /** Ask for everything after `sinceSeq` (replay from short history) or a fresh snapshot. */
  'floor:resync': (req: { sinceSeq: number }, ack: (reply: Ack<ResyncReply>) => void) => void;
  /** Watch one agent's screen pop (null stops watching). */
  'pop:watch': (req: { extno: string | null }, ack: (reply: Ack<CallDetail | null>) => void) => void;
}

/** Query parameters a board sends with its Socket.IO handshake. */
export interface BoardHandshake {
  /** Restrict the board to these teams (comma separated); empty: all teams the user may see. */
  teams?: string;
}
