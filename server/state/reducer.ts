/**
 * The floor-state reducer: (state, event, now) -> changed ids. Deterministic, no clock, no IO
 * (behaviour rules in docs/behaviour-rules.md). For speed it updates `state.agents` in place,
 * but only by replacing AgentState objects, never by mutating one (types.ts).
 */
import { DEFAULT_TIME_ZONE, dayKey } from '@/lib/domain/day';
import { assertNever } from '@/lib/domain/status';
import type { UpstreamFrame } from '@/server/upstream/frames';
import { patchAgent } from './agent-patch';
import { ZERO_COUNTERS, rollDay } from './counters';
import { applyInfo, applyMessage, applyNotice } from './reduce-frame';
import { isStale } from './staleness';
import type { AgentState, FloorEvent, FloorOptions, FloorState, ReduceResult, RosterEntry } from './types';
import { viewChanged } from './view';

const NONE: readonly never[] = Object.freeze([]);

export function createFloorState(options: Partial<FloorOptions> = {}): FloorState {
  const resolved: FloorOptions = Object.freeze({
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    staleAfterMs: options.staleAfterMs ?? null,
  });
  // Fail at start-up on a zone this runtime does not know, not on the first event.
  dayKey(0, resolved.timeZone);
  return { agents: new Map(), options: resolved };
}

/** A roster agent nothing has been heard about yet (R1). */
export function newAgent(entry: Omit<RosterEntry, 'token'>, now: number, timeZone: string): AgentState {
  return {
    extno: entry.extno,
    name: entry.name,
    team: entry.team,
    status: 'unknown',
    stateSince: now,
    link: 'connecting',
    linkSince: now,
    lastFrameAt: null,
    noticeIntervalMs: null,
    lastNoticeAt: null,
    call: null,
    today: ZERO_COUNTERS,
    countersDay: dayKey(now, timeZone),
    pendingSignOut: false,
  };
}

interface Collector {
  changed: string[] | null;
  /** Index-aligned with `changed`. */
  previous: (AgentState | undefined)[] | null;
  removed: string[] | null;
  messages: { extno: string; msg: string }[] | null;
}

function noteChanged(out: Collector, extno: string, prev: AgentState | undefined): void {
  (out.changed ??= []).push(extno);
  (out.previous ??= []).push(prev);
}

/** Store `next` (if new) and note the agent when what a board shows of it changed (S3). */
function store(state: FloorState, prev: AgentState, next: AgentState, out: Collector): void {
  if (next === prev) return;
  state.agents.set(next.extno, next);
  if (viewChanged(prev, next)) noteChanged(out, next.extno, prev);
}

function applyFrame(a: AgentState, frame: UpstreamFrame, now: number, out: Collector): AgentState {
  const method = frame.method;
  switch (method) {
    case 'notice':
      return applyNotice(a, frame, now);
    case 'info':
      return applyInfo(a, frame, now);
    case 'message':
      (out.messages ??= []).push({ extno: a.extno, msg: frame.msg });
      return applyMessage(a, now);
    default:
      return assertNever(method, 'frame method');
  }
}

function applyRoster(state: FloorState, entries: readonly Omit<RosterEntry, 'token'>[], now: number, out: Collector): void {
  const listed = new Set<string>();
  for (const entry of entries) {
    listed.add(entry.extno);
    const prev = state.agents.get(entry.extno);
    if (prev === undefined) {
      const a = newAgent(entry, now, state.options.timeZone);
      state.agents.set(a.extno, a);
      noteChanged(out, a.extno, undefined);
    } else if (prev.name !== entry.name || prev.team !== entry.team) {
      store(state, prev, patchAgent(prev, { name: entry.name, team: entry.team }), out);
    }
  }
  for (const extno of [...state.agents.keys()]) {
    if (listed.has(extno)) continue;
    state.agents.delete(extno);
    (out.removed ??= []).push(extno);
  }
}

function applySweep(state: FloorState, now: number, out: Collector): void {
  const { timeZone } = state.options;
  for (const prev of state.agents.values()) {
    let next = rollDay(prev, now, timeZone);
    if (isStale(next, now, state.options)) next = patchAgent(next, { link: 'stale', linkSince: now });
    store(state, prev, next, out);
  }
}

/** The event applied to `state` (updated in place) at `now` (epoch ms), its effects noted in `out`. */
function applyEvent(state: FloorState, event: FloorEvent, now: number, out: Collector): void {
  const type = event.type;
  switch (type) {
    case 'frame':
    case 'link':
    case 'control': {
      const prev = state.agents.get(event.extno);
      // Not on the roster (removed while its socket closes, or a bug upstream): ignored (R3).
      if (prev === undefined) return;
      const a = rollDay(prev, now, state.options.timeZone);
      let next: AgentState;
      if (event.type === 'frame') next = applyFrame(a, event.frame, now, out);
      else if (event.type === 'link') {
        // The status is kept whatever the link does: a lost feed is greyed, never signed out (L1).
        next = event.link === a.link ? a : patchAgent(a, { link: event.link, linkSince: now, lastNoticeAt: null });
      } else next = applyControl(a, event.change);
      store(state, prev, next, out);
      return;
    }
    case 'roster':
      applyRoster(state, event.entries, now, out);
      return;
    case 'sweep':
      applySweep(state, now, out);
      return;
    default:
      assertNever(type, 'floor event');
  }
}

/** Things only Floorboard knows: a pending sign-out, the hold flag after an ok `hold` (K1-K2). */
function applyControl(a: AgentState, change: { pendingSignOut?: boolean; held?: boolean }): AgentState {
  let next = a;
  if (change.pendingSignOut !== undefined && change.pendingSignOut !== a.pendingSignOut) {
    next = patchAgent(next, { pendingSignOut: change.pendingSignOut });
  }
  const call = next.call;
  if (change.held !== undefined && call !== null && call.endedAt === null && call.held !== change.held) {
    next = patchAgent(next, { call: { ...call, held: change.held } });
  }
  return next;
}

/**
 * Most events (the 1 Hz tick of an unchanged agent) change nothing a board shows: they share one
 * frozen result per floor instead of allocating a collector and a result each (P4).
 */
const unchangedResults = new WeakMap<FloorState, ReduceResult>();

function unchanged(state: FloorState): ReduceResult {
  let r = unchangedResults.get(state);
  if (r === undefined) {
    r = Object.freeze({ state, changed: NONE, previous: NONE, removed: NONE, messages: NONE });
    unchangedResults.set(state, r);
  }
  return r;
}

/** One collector reused by every reduce() call (reduce never re-enters; its arrays are fresh). */
const scratch: Collector = { changed: null, previous: null, removed: null, messages: null };

/** Apply one event. `state` is updated in place (agents replaced, never mutated) and returned. */
export function reduce(state: FloorState, event: FloorEvent, now: number): ReduceResult {
  const out = scratch;
  out.changed = out.previous = out.removed = out.messages = null;
  applyEvent(state, event, now, out);
  if (out.changed === null && out.removed === null && out.messages === null) return unchanged(state);
  const r: ReduceResult = { state, changed: out.changed ?? NONE, previous: out.previous ?? NONE, removed: out.removed ?? NONE, messages: out.messages ?? NONE };
  out.changed = out.previous = out.removed = out.messages = null;
  return r;
}

/**
 * Apply a batch at one `now` (e.g. all frames read in one I/O turn). `changed` lists each agent
 * once; an agent removed and re-added within the batch is changed, not removed.
 */
export function applyMany(state: FloorState, events: Iterable<FloorEvent>, now: number): ReduceResult {
  const changed = new Set<string>();
  /** Each agent's state before the batch, kept from the first time it changed. */
  const before = new Map<string, AgentState | undefined>();
  const removed = new Set<string>();
  const messages: { extno: string; msg: string }[] = [];
  for (const event of events) {
    const out: Collector = { changed: null, previous: null, removed: null, messages };
    applyEvent(state, event, now, out);
    if (out.removed !== null) {
      for (const extno of out.removed) {
        changed.delete(extno);
        removed.add(extno);
      }
    }
    if (out.changed !== null) {
      out.changed.forEach((extno, i) => {
        removed.delete(extno);
        changed.add(extno);
        if (!before.has(extno)) before.set(extno, out.previous![i]);
      });
    }
  }
  return {
    state,
    changed: changed.size === 0 ? NONE : [...changed],
    previous: changed.size === 0 ? NONE : [...changed].map((extno) => before.get(extno)),
    removed: removed.size === 0 ? NONE : [...removed],
    messages: messages.length === 0 ? NONE : messages,
  };
}
