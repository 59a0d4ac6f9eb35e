/**
 * The one typed Socket.IO protocol between the Floorboard server and browsers.
 * Every wire message is declared here and documented in docs/realtime-protocol.md.
 * Event names are `domain:verb`. Each says whether it is a broadcast (to a room)
 * or sent to one socket.
 * Shared by server and browser: no node:* or react imports here.
 */
import type { AgentStatus, LinkState } from './domain/status';
import type { ActionOk, ActionRequestInput, AgentAction } from './control/actions';
import type { AnnouncementReceipts } from './control/announce';
import type { Alert, AlertAckRequest, AlertBatch, AlertSnapshot } from './alerts/types';
import type { ThresholdSettings } from './settings/thresholds';
import type { WireDelta, WireReplay, WireResyncReply, WireSnapshot } from './wire';

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
  /**
   * Seconds idle today (finished idle periods), for occupancy over signed-in time.
   * Optional (added for the board's occupancy KPI): without it the board shows occupancy now only.
   */
  idleSeconds?: number;
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
  /**
   * The channel incarnation this seq belongs to (server boot and channel): a board sends it back
   * with its seq when it reconnects, to resume by replay (R13).
   */
  epoch: string;
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

/** What a reconnecting board holds: sent in the handshake's `auth.resume` (R13). */
export interface ResumePoint {
  /** FloorSnapshot.epoch of the snapshot the board's state started from. */
  epoch: string;
  /** The seq of the last delta (or snapshot) the board applied. */
  seq: number;
}

/**
 * A resumed board's catch-up (R13): the deltas after `from` (the seq it sent), in order, up to
 * `seq`; the next `floor:delta` it receives is `seq + 1`. Boards resuming from the same seq in
 * the same batch share one encoded packet.
 */
export interface FloorReplay {
  from: number;
  seq: number;
  epoch: string;
  serverTime: number;
  deltas: FloorDelta[];
}

/**
 * Rolling-window figures a board cannot derive from AgentView (they need call history).
 * Optional: a board shows "calls in the last 15 minutes" only once this has arrived.
 */
export interface FloorRollingKpis {
  serverTime: number;
  /** Window length in ms (15 minutes by default). */
  windowMs: number;
  /** Calls connected within the window, by agents in the room's scope (its team filter). */
  callsConnected: number;
}

/** Acks: `{ok:true,data}` or `{ok:false,code,message}` with stable codes. */
export type Ack<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** `control:result`: an action's final outcome, delivered after the fact. */
export interface ControlResult {
  /** The request id of the original action (e.g. the `logout` with mode `after_call`). */
  requestId: string;
  extno: string;
  action: AgentAction;
  ack: Ack<ActionOk>;
}

export type ResyncReply =
  | { kind: 'replay'; deltas: FloorDelta[] }
  | { kind: 'snapshot'; snapshot: FloorSnapshot };

/**
 * Socket.IO events. Snapshots, deltas, replays and resync replies travel in the compact wire
 * form of lib/wire.ts (protocol version 2); the types above are what both ends work with.
 */
export interface ServerToClientEvents {
  /**
   * To one socket: the board's view on join, after a resync that could not replay, and when a
   * board paused as slow is resumed (unsolicited: it replaces whatever the board holds).
   */
  'floor:snapshot': (snapshot: WireSnapshot) => void;
  /**
   * To the boards that resumed from the same seq in one join batch, instead of a snapshot, when
   * their handshake's resume point is still covered by the channel's history (R13).
   */
  'floor:replay': (replay: WireReplay) => void;
  /** Broadcast to the board's room: numbered changes. Never volatile. */
  'floor:delta': (delta: WireDelta) => void;
  /** Broadcast: a new announcement seen on the floor. */
  'announce:new': (announcement: Announcement) => void;
  /** To one socket: the screen pop of the agent it watches (null when the call record closes). */
  'pop:detail': (detail: CallDetail | null) => void;
  /**
   * To the requester's sockets: the late result of an action that finished after its ack,
   * i.e. a "sign out after this call" carried out when the call ended (control path).
   */
  'control:result': (result: ControlResult) => void;
  /** Broadcast to boards that show announcements: delivery receipts, at most every 500 ms per announcement. */
  'announce:receipts': (receipts: AnnouncementReceipts) => void;
  /** Broadcast to the board's room, optional, every few seconds: rolling-window KPIs (see FloorRollingKpis). */
  'floor:kpis': (kpis: FloorRollingKpis) => void;
  /**
   * To one socket, right after connecting: the open alerts the board may see (docs/alerts.md).
   * Replaces whatever alerts the board holds.
   */
  'alert:snapshot': (snapshot: AlertSnapshot) => void;
  /** Broadcast to the boards that may see them: alerts opened in one engine tick. */
  'alert:opened': (batch: AlertBatch) => void;
  /** Broadcast likewise: new versions of open alerts (acknowledged, agents joined or left a summary). */
  'alert:updated': (batch: AlertBatch) => void;
  /** Broadcast likewise: alerts closed (closedAt and closeReason set); the board drops them. */
  'alert:closed': (batch: AlertBatch) => void;
  /**
   * To one socket right after connecting, and broadcast on every change: the per-team colour
   * tiers (lib/settings/thresholds.ts); teams not listed use the defaults.
   */
  'settings:thresholds': (settings: ThresholdSettings) => void;
  // --- cluster (issue 8, docs/deploy.md): the one event a web node adds ---
  /**
   * To one socket right after connecting when the feed is not `ok`, and to every board of the
   * web node on each change: the node has lost Redis (the gateways' change stream), so the
   * whole board says so (rule CL3). Never sent by a single process (FLOORBOARD_ROLE=all).
   */
  'cluster:feed': (state: ClusterFeedState) => void;
}

/** A web node's change feed: `down` since `since` (epoch ms, server clock), or `ok` again. */
export interface ClusterFeedState {
  redis: 'ok' | 'down';
  since: number;
}

export interface ClientToServerEvents {
  /** Ask for everything after `sinceSeq` (replay from short history) or a fresh snapshot. */
  'floor:resync': (req: { sinceSeq: number }, ack: (reply: Ack<WireResyncReply>) => void) => void;
  /** Watch one agent's screen pop (null stops watching). */
  'pop:watch': (req: { extno: string | null }, ack: (reply: Ack<CallDetail | null>) => void) => void;
  /**
   * Act on one agent (docs/control-api.md). The actor is the socket's session user; a re-send
   * with the same requestId gets the first result. Error codes: lib/control/errors.ts.
   */
  'control:act': (req: ActionRequestInput, ack: (reply: Ack<ActionOk>) => void) => void;
  /**
   * Acknowledge an alert as the socket's session user. Reply: the acknowledged alert, or a code
   * of ALERT_ERROR_CODES (lib/alerts/types.ts). Repeating it is harmless (the first one wins).
   */
  'alert:ack': (req: AlertAckRequest, ack: (reply: Ack<Alert>) => void) => void;
}

/** Query parameters a board sends with its Socket.IO handshake. */
export interface BoardHandshake {
  /** Restrict the board to these teams (comma separated); empty: all teams the user may see. */
  teams?: string;
}

/** What a board may add to its Socket.IO handshake's `auth` object (next to any credentials). */
export interface BoardHandshakeAuth {
  /** Resume by replay instead of a snapshot when possible (R13); absent on a first connect. */
  resume?: ResumePoint;
}

/**
 * Stable error codes of Socket.IO acks (`{ok:false,code}`) and connect errors (`err.data.code`).
 * See docs/realtime-protocol.md for when each is sent and what a board should do.
 */
export const REALTIME_ERROR_CODES = [
  /** The payload failed validation (or an event was sent without its ack callback). */
  'BAD_REQUEST',
  /** Connect error: the handshake carried no acceptable credentials. */
  'UNAUTHORIZED',
  /**
   * Connect error: the handshake's display token belongs to a link that was revoked. Only the
   * holder of that link's own token can get it (an unknown token stays UNAUTHORIZED). Final:
   * links are never restored, so the board shows its revoked screen and stops retrying.
   */
  'LINK_REVOKED',
  /** Connect error: like LINK_REVOKED, for a display link past its expiry. Final as well. */
  'LINK_EXPIRED',
  /** Connect error: none of the requested teams is allowed; ack: the agent is outside the board's teams. */
  'FORBIDDEN',
  /** pop:watch for an extension not on the roster. */
  'UNKNOWN_AGENT',
  /** Too many floor:resync requests in a short time: retry after a second. */
  'RATE_LIMITED',
  /** floor:resync while the board is paused as slow: a fresh floor:snapshot follows once its connection drains. */
  'SLOW_BOARD',
  /** An unexpected server fault (logged); retry later. */
  'INTERNAL',
] as const;
export type RealtimeErrorCode = (typeof REALTIME_ERROR_CODES)[number];

/** The connect errors that end a display link for good: no retry, the board gives way to a screen saying so. */
export const DEAD_LINK_CODES = ['LINK_REVOKED', 'LINK_EXPIRED'] as const;
export type DeadLinkCode = (typeof DEAD_LINK_CODES)[number];
export function isDeadLinkCode(code: unknown): code is DeadLinkCode {
  return code === 'LINK_REVOKED' || code === 'LINK_EXPIRED';
}
