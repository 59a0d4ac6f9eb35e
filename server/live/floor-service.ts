/**
 * The live path wired together: upstream links -> decode -> pure reducer -> realtime fan-out.
 * This module owns the one mutable floor state and the timers around it (sweep, link gauges,
 * rolling KPIs); each piece it wires is tested on its own.
 */
import type { LinkState } from '@/lib/domain/status';
import { LINK_STATES } from '@/lib/domain/status';
import type { AgentView, Announcement, CallDetail } from '@/lib/protocol';
import type { Logger } from '@/server/log';
import type { Metrics } from '@/server/metrics';
import { type Realtime, createRealtime } from '@/server/realtime/create-realtime';
import type { RealtimeOptions } from '@/server/realtime/options';
import type { FloorReadModel } from '@/server/state/broadcaster-read-model';
import { createFloorState, reduce } from '@/server/state/reducer';
import type { AgentState, FloorEvent, FloorState, ReduceResult, RosterEntry } from '@/server/state/types';
import { toAgentView, toCallDetail, viewChanged } from '@/server/state/view';
import { decodeFrame } from '@/server/upstream/decode';
import { type LinkManager, createLinkManager } from '@/server/upstream/link-manager';
import type { LinkManagerOptions } from '@/server/upstream/link-options';
import { AnnouncementFeed } from './announcement-feed';
import { RejectLog } from './reject-log';
import { RollingCalls } from './rolling-calls';

export interface FloorServiceOptions {
  roster: readonly RosterEntry[];
  urlFor: (entry: RosterEntry) => string;
  timeZone: string;
  /** Fixed staleness limit (ms) or null to derive it from the notice interval. */
  staleAfterMs: number | null;
  connectRatePerSecond?: number;
  batchMs?: number;
  log: Logger;
  metrics: Metrics;
  /** Extra link-manager settings (tests shorten heartbeats and backoff). */
  links?: Partial<Omit<LinkManagerOptions, 'urlFor' | 'onFrame' | 'onLinkState' | 'onRejected'>>;
  /** Extra realtime settings (auth arrives with the sign-in issue). */
  realtime?: Partial<Omit<RealtimeOptions, 'floor'>>;
  now?: () => number;
  sweepIntervalMs?: number;
  /**
   * `links` (default): open a monitor socket per roster agent. `external`: open none; the floor
   * is fed by `ingest` (a cluster web node reading the gateways' change stream, docs/deploy.md).
   */
  upstream?: 'links' | 'external';
}

/** Called for every agent whose board-visible state changed (recorder, pending sign-outs, alerts). */
export type AgentChangeListener = (prev: AgentState | undefined, next: AgentState, now: number) => void;
export type MessageListener = (extno: string, msg: string, at: number) => void;

export interface FloorService {
  readonly realtime: Realtime;
  readonly links: LinkManager;
  readonly state: FloorState;
  size(): number;
  agent(extno: string): AgentState | undefined;
  views(): AgentView[];
  /** Apply an event that does not come from a monitor socket (controls). */
  apply(event: FloorEvent): ReduceResult;
  /**
   * Replace a roster agent's state with one computed elsewhere (a cluster gateway); false when
   * the agent is not on this roster. Fans out and notifies listeners like a reduced change.
   */
  ingest(agent: AgentState, at: number): boolean;
  /** A monitor `message` frame seen elsewhere (a cluster gateway): ticker and receipts. */
  ingestMessage(extno: string, msg: string, at: number): void;
  onAgentChange(listener: AgentChangeListener): () => void;
  onMessage(listener: MessageListener): () => void;
  setRoster(entries: readonly RosterEntry[]): void;
  health(): { linksLive: number; linksTotal: number; newestFrameAgeMs: number | null; byLink: Record<LinkState, number> };
  rejects(): ReturnType<RejectLog['summary']>;
  close(): Promise<void>;
}

export function createFloorService(options: FloorServiceOptions): FloorService {
  const now = options.now ?? Date.now;
  const { log, metrics } = options;
  const state = createFloorState({ timeZone: options.timeZone, staleAfterMs: options.staleAfterMs });
  const announcements = new AnnouncementFeed();
  const rolling = new RollingCalls();
  const rejectLog = new RejectLog();
  const changeListeners = new Set<AgentChangeListener>();
  const messageListeners = new Set<MessageListener>();
  let newestFrameAt: number | null = null;
  /** Oldest upstream arrival not yet carried by an emitted delta (fan-out latency metric). */
  let pendingSince: number | null = null;

  const readModel: FloorReadModel = {
    view: (extno) => {
      const a = state.agents.get(extno);
      return a ? toAgentView(a) : undefined;
    },
    team: (extno) => state.agents.get(extno)?.team,
    allExtnos: () => state.agents.keys(),
    callDetail: (extno): CallDetail | null => {
      const a = state.agents.get(extno);
      return a ? toCallDetail(a) : null;
    },
    announcements: (): readonly Announcement[] => announcements.list(),
  };

  const realtime = createRealtime({
    floor: readModel,
    batchMs: options.batchMs,
    log: {
      debug: (f, m) => log.debug(f, m),
      info: (f, m) => log.info(f, m),
      warn: (f, m) => log.warn(f, m),
      error: (f, m) => log.error(f, m),
    },
    metrics: {
      deltaSent: (_channel, boards, bytes) => {
        metrics.deltasOut.inc();
        metrics.bytesOut.inc(bytes * Math.max(1, boards));
        if (pendingSince !== null) {
          metrics.fanoutLatency.observe(Math.max(0, now() - pendingSince) / 1000);
          pendingSince = null;
        }
      },
      boards: (count) => metrics.boardSockets.set(count),
      rejected: (_event, code) => metrics.badRequests.inc({ surface: 'socket', code }),
    },
    ...options.realtime,
  });

  /** Reduce one event and hand the result to the fan-out and the listeners. */
  function applyAt(event: FloorEvent, at: number): ReduceResult {
    const result = reduce(state, event, at);
    if (result.changed.length > 0 || result.removed.length > 0) {
      pendingSince ??= at;
      realtime.notifyChanged(result.changed, result.removed);
      // Listeners get each changed agent's previous state from the reducer (P4): no copy of the
      // floor before a sweep or a roster event.
      result.changed.forEach((extno, i) => {
        const next = state.agents.get(extno);
        if (next) afterChange(result.previous[i], next, at);
      });
      for (const extno of result.removed) rejectLog.forget(extno);
    }
    for (const m of result.messages) afterMessage(m.extno, m.msg, at);
    return result;
  }

  function afterChange(prev: AgentState | undefined, next: AgentState, at: number): void {
    if (prev && next.today.calls > prev.today.calls && next.countersDay === prev.countersDay) rolling.add(next.team, at);
    for (const listener of changeListeners) safely(() => listener(prev, next, at), 'agent change listener');
  }

  function afterMessage(extno: string, msg: string, at: number): void {
    const fresh = announcements.onMessage(msg, at);
    if (fresh) realtime.announce(fresh);
    for (const listener of messageListeners) safely(() => listener(extno, msg, at), 'message listener');
  }

  function ingest(next: AgentState, at: number): boolean {
    const prev = state.agents.get(next.extno);
    if (prev === undefined) return false;
    // Name and team come from this node's roster, like a reduced agent's.
    const agent = prev.name === next.name && prev.team === next.team ? next : { ...next, name: prev.name, team: prev.team };
    state.agents.set(agent.extno, agent);
    if (!viewChanged(prev, agent)) return true;
    pendingSince ??= at;
    realtime.notifyChanged([agent.extno], []);
    afterChange(prev, agent, at);
    return true;
  }

  function safely(fn: () => void, what: string): void {
    try {
      fn();
    } catch (err) {
      log.error({ err }, `${what} failed`);
    }
  }

  const links = createLinkManager({
    urlFor: options.urlFor,
    connectRate: options.connectRatePerSecond ? { perSecond: options.connectRatePerSecond } : undefined,
    log,
    ...options.links,
    onFrame(extno, data, isBinary, receivedAt) {
      const decoded = decodeFrame(data, isBinary);
      if (!decoded.ok) {
        metrics.framesRejected.inc({ reason: decoded.reason });
        rejectLog.record({ at: receivedAt, extno, reason: decoded.reason, detail: decoded.detail });
        log.warn({ extno, reason: decoded.reason, detail: decoded.detail }, 'upstream frame rejected');
        return;
      }
      metrics.countFrameIn(decoded.frame.method);
      newestFrameAt = receivedAt;
      applyAt({ type: 'frame', extno, frame: decoded.frame }, receivedAt);
    },
    onLinkState(extno, link, info) {
      if (link === 'connecting' && info?.attempt) metrics.reconnects.inc();
      applyAt({ type: 'link', extno, link }, now());
    },
    onRejected(extno, reason, detail) {
      metrics.framesRejected.inc({ reason });
      rejectLog.record({ at: now(), extno, reason, detail });
      log.warn({ extno, reason, detail }, 'upstream frame rejected');
    },
  });

  function setRoster(entries: readonly RosterEntry[]): void {
    applyAt({ type: 'roster', entries: entries.map(({ extno, name, team }) => ({ extno, name, team })) }, now());
    if (options.upstream !== 'external') links.setRoster([...entries]);
  }

  function linkCounts(): Record<LinkState, number> {
    const counts = Object.fromEntries(LINK_STATES.map((s) => [s, 0])) as Record<LinkState, number>;
    for (const a of state.agents.values()) counts[a.link]++;
    return counts;
  }

  setRoster(options.roster);

  // Staleness and day roll-over are decided where the frames arrive: an external feed (a cluster
  // gateway) publishes them, and a local sweep would judge from a lastFrameAt it is never sent.
  const sweepTimer = setInterval(
    () => (options.upstream === 'external' ? undefined : applyAt({ type: 'sweep' }, now())),
    options.sweepIntervalMs ?? 1000,
  );
  const gaugeTimer = setInterval(() => {
    metrics.setLinkStates(linkCounts());
    const t = now();
    realtime.publishKpis((teams) => ({ serverTime: t, windowMs: rolling.windowMs, callsConnected: rolling.count(t, teams) }));
  }, 5000);
  sweepTimer.unref();
  gaugeTimer.unref();

  return {
    realtime,
    links,
    state,
    size: () => state.agents.size,
    agent: (extno) => state.agents.get(extno),
    views: () => [...state.agents.values()].map(toAgentView),
    apply: (event) => applyAt(event, now()),
    ingest,
    ingestMessage: afterMessage,
    onAgentChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    setRoster,
    health() {
      const byLink = linkCounts();
      return {
        linksLive: byLink.live,
        linksTotal: state.agents.size,
        newestFrameAgeMs: newestFrameAt === null ? null : Math.max(0, now() - newestFrameAt),
        byLink,
      };
    },
    rejects: () => rejectLog.summary(),
    async close() {
      clearInterval(sweepTimer);
      clearInterval(gaugeTimer);
      await links.close();
      await realtime.close();
    },
  };
}
