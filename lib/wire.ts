/**
 * The compact wire form of the floor's snapshots, deltas and replays (protocol version 2,
 * docs/realtime-protocol.md "Wire encoding"). The server encodes once per channel packet; the
 * browser decodes at its socket boundary back into AgentView / FloorSnapshot / FloorDelta, so
 * the store and the components never see the wire form.
 *
 * Why: deltas carried every AgentView as a JSON object, about 370 bytes per changed agent per
 * board, most of it key names and 13-digit epoch times. Here an agent is a positional tuple,
 * status and link are small ints, times are ms before the packet's serverTime, and trailing
 * nulls are left out.
 *
 * Decoding is strict (the packet is untrusted): any shape it does not expect throws WireError,
 * and the caller resyncs instead of applying a half-read packet.
 * Shared by server and browser: no node:* imports.
 */
import { AGENT_STATUSES, LINK_STATES } from './domain/status';
import type { AgentToday, AgentView, CallSummary, FloorDelta, FloorReplay, FloorSnapshot, ResyncReply } from './protocol';

/** Bumped whenever the wire form changes incompatibly. */
export const WIRE_VERSION = 2;

/** [sessionId, city, phoneMasked, customerName, projectId, taskId, connectedAge, held 0|1, endedAge?] */
export type WireCall = [string, string, string, string, number, number, number, 0 | 1, number?];
/** [calls, talkSeconds, wrapSeconds, longestIdleSeconds, idleSeconds?] */
export type WireToday = [number, number, number, number, number?];
/**
 * [extno, name, team, status, stateAge, link, linkAge, today, pendingSignOut 0|1, lastFrameAge?, call?]
 * Ages are serverTime minus the time (ms); a null lastFrameAt before a call is written as null.
 */
export type WireAgent = [string, string, string, number, number, number, number, WireToday, 0 | 1, (number | null)?, WireCall?];
/** [seq, serverTime, upserts, removed] */
export type WireDelta = [number, number, WireAgent[], string[]];
/** [seq, epoch, serverTime, agents, announcements] (announcements are rare and small: kept as objects) */
export type WireSnapshot = [number, string, number, WireAgent[], FloorSnapshot['announcements']];
/** [from, seq, epoch, serverTime, deltas] */
export type WireReplay = [number, number, string, number, WireDelta[]];
export type WireResyncReply = { kind: 'replay'; deltas: WireDelta[] } | { kind: 'snapshot'; snapshot: WireSnapshot };

export class WireError extends Error {}

const STATUS_CODE = new Map<string, number>(AGENT_STATUSES.map((s, i) => [s, i]));
const LINK_CODE = new Map<string, number>(LINK_STATES.map((s, i) => [s, i]));

// ---- encode (server) --------------------------------------------------------------------

function encodeCall(c: CallSummary, t: number): WireCall {
  const out: WireCall = [c.sessionId, c.city, c.phoneMasked, c.customerName, c.projectId, c.taskId, t - c.connectedAt, c.held ? 1 : 0];
  if (c.endedAt !== null) out.push(t - c.endedAt);
  return out;
}

function encodeToday(d: AgentToday): WireToday {
  const out: WireToday = [d.calls, d.talkSeconds, d.wrapSeconds, d.longestIdleSeconds];
  if (d.idleSeconds !== undefined) out.push(d.idleSeconds);
  return out;
}

export function encodeAgent(a: AgentView, t: number): WireAgent {
  const out: WireAgent = [
    a.extno,
    a.name,
    a.team,
    STATUS_CODE.get(a.status) ?? -1,
    t - a.stateSince,
    LINK_CODE.get(a.link) ?? -1,
    t - a.linkSince,
    encodeToday(a.today),
    a.pendingSignOut ? 1 : 0,
  ];
  if (a.call !== null) out.push(a.lastFrameAt === null ? null : t - a.lastFrameAt, encodeCall(a.call, t));
  else if (a.lastFrameAt !== null) out.push(t - a.lastFrameAt);
  return out;
}

export function encodeDelta(d: FloorDelta): WireDelta {
  return [d.seq, d.serverTime, d.upserts.map((a) => encodeAgent(a, d.serverTime)), d.removed];
}

export function encodeSnapshot(s: FloorSnapshot): WireSnapshot {
  return [s.seq, s.epoch, s.serverTime, s.agents.map((a) => encodeAgent(a, s.serverTime)), s.announcements];
}

export function encodeReplay(r: FloorReplay): WireReplay {
  return [r.from, r.seq, r.epoch, r.serverTime, r.deltas.map(encodeDelta)];
}

export function encodeResyncReply(r: ResyncReply): WireResyncReply {
  return r.kind === 'replay' ? { kind: 'replay', deltas: r.deltas.map(encodeDelta) } : { kind: 'snapshot', snapshot: encodeSnapshot(r.snapshot) };
}

// ---- decode (browser, tests, bench probes) ------------------------------------------------

function arr(v: unknown, what: string, min: number, max = min): unknown[] {
  if (!Array.isArray(v) || v.length < min || v.length > max) throw new WireError(`${what}: expected an array of ${min}-${max}`);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new WireError(`${what}: expected an integer`);
  return v;
}

/** Times and counters: any finite number (the server does not round them, so they round-trip exactly). */
function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new WireError(`${what}: expected a number`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new WireError(`${what}: expected a string`);
  return v;
}

function flag(v: unknown, what: string): boolean {
  if (v !== 0 && v !== 1) throw new WireError(`${what}: expected 0 or 1`);
  return v === 1;
}

function decodeCall(v: unknown, t: number): CallSummary {
  const c = arr(v, 'call', 8, 9);
  return {
    sessionId: str(c[0], 'call.sessionId'),
    city: str(c[1], 'call.city'),
    phoneMasked: str(c[2], 'call.phoneMasked'),
    customerName: str(c[3], 'call.customerName'),
    projectId: num(c[4], 'call.projectId'),
    taskId: num(c[5], 'call.taskId'),
    connectedAt: t - num(c[6], 'call.connectedAt'),
    held: flag(c[7], 'call.held'),
    endedAt: c.length > 8 ? t - num(c[8], 'call.endedAt') : null,
  };
}

function decodeToday(v: unknown): AgentToday {
  const d = arr(v, 'today', 4, 5);
  const today: AgentToday = {
    calls: num(d[0], 'today.calls'),
    talkSeconds: num(d[1], 'today.talkSeconds'),
    wrapSeconds: num(d[2], 'today.wrapSeconds'),
    longestIdleSeconds: num(d[3], 'today.longestIdleSeconds'),
  };
  if (d.length > 4) today.idleSeconds = num(d[4], 'today.idleSeconds');
  return today;
}

export function decodeAgent(v: unknown, t: number): AgentView {
  const a = arr(v, 'agent', 9, 11);
  const status = AGENT_STATUSES[int(a[3], 'agent.status')];
  const link = LINK_STATES[int(a[5], 'agent.link')];
  if (status === undefined || link === undefined) throw new WireError('agent: unknown status or link code');
  const lastFrame = a[9];
  return {
    extno: str(a[0], 'agent.extno'),
    name: str(a[1], 'agent.name'),
    team: str(a[2], 'agent.team'),
    status,
    stateSince: t - num(a[4], 'agent.stateSince'),
    link,
    linkSince: t - num(a[6], 'agent.linkSince'),
    lastFrameAt: lastFrame === undefined || lastFrame === null ? null : t - num(lastFrame, 'agent.lastFrameAt'),
    call: a.length > 10 ? decodeCall(a[10], t) : null,
    today: decodeToday(a[7]),
    pendingSignOut: flag(a[8], 'agent.pendingSignOut'),
  };
}

export function decodeDelta(v: unknown): FloorDelta {
  const d = arr(v, 'delta', 4);
  const serverTime = num(d[1], 'delta.serverTime');
  return {
    seq: int(d[0], 'delta.seq'),
    serverTime,
    upserts: arr(d[2], 'delta.upserts', 0, Number.MAX_SAFE_INTEGER).map((a) => decodeAgent(a, serverTime)),
    removed: arr(d[3], 'delta.removed', 0, Number.MAX_SAFE_INTEGER).map((x) => str(x, 'delta.removed')),
  };
}

function decodeAnnouncements(v: unknown): FloorSnapshot['announcements'] {
  return arr(v, 'announcements', 0, Number.MAX_SAFE_INTEGER).map((x) => {
    const a = x as { id?: unknown; text?: unknown; at?: unknown } | null;
    if (typeof a !== 'object' || a === null) throw new WireError('announcement: expected an object');
    return { id: str(a.id, 'announcement.id'), text: str(a.text, 'announcement.text'), at: num(a.at, 'announcement.at') };
  });
}

export function decodeSnapshot(v: unknown): FloorSnapshot {
  const s = arr(v, 'snapshot', 5);
  const serverTime = num(s[2], 'snapshot.serverTime');
  return {
    seq: int(s[0], 'snapshot.seq'),
    epoch: str(s[1], 'snapshot.epoch'),
    serverTime,
    agents: arr(s[3], 'snapshot.agents', 0, Number.MAX_SAFE_INTEGER).map((a) => decodeAgent(a, serverTime)),
    announcements: decodeAnnouncements(s[4]),
  };
}

export function decodeReplay(v: unknown): FloorReplay {
  const r = arr(v, 'replay', 5);
  return {
    from: int(r[0], 'replay.from'),
    seq: int(r[1], 'replay.seq'),
    epoch: str(r[2], 'replay.epoch'),
    serverTime: num(r[3], 'replay.serverTime'),
    deltas: arr(r[4], 'replay.deltas', 0, Number.MAX_SAFE_INTEGER).map(decodeDelta),
  };
}

export function decodeResyncReply(v: unknown): ResyncReply {
  const r = v as { kind?: unknown; deltas?: unknown; snapshot?: unknown } | null;
  if (typeof r !== 'object' || r === null) throw new WireError('resync reply: expected an object');
  if (r.kind === 'replay') return { kind: 'replay', deltas: arr(r.deltas, 'resync.deltas', 0, Number.MAX_SAFE_INTEGER).map(decodeDelta) };
  if (r.kind === 'snapshot') return { kind: 'snapshot', snapshot: decodeSnapshot(r.snapshot) };
  throw new WireError('resync reply: unknown kind');
}
