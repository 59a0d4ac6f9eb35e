/**
 * The browser's floor store: an external store for `useSyncExternalStore` (architecture
 * point 14). Socket messages go into an inbox and are applied at most once per animation frame,
 * in arrival order, by the pure FloorSync; then only the listeners of what changed are told:
 * one tile per changed agent, the grid only when an ordering really changed.
 *
 * Orderings are re-derived at most once a second (on the shared clock's tick), or at once when
 * the roster itself changed: a wall whose tiles jump four times a second cannot be read, and
 * each re-order costs the browser a grid layout.
 *
 * Split by job: floor-inbox.ts applies the queued messages to FloorSync, floor-listeners.ts holds
 * who is told about what; this class owns the connection, its timers and the reads.
 */
import type { Announcement, AgentView, FloorRollingKpis } from '@/lib/protocol';
import { ClockOffset } from './clock-offset';
import { DOWN_AFTER_MS, initialConnection, type ConnectionState } from './connection-state';
import { floorClock as defaultClock, type FloorClock } from './floor-clock';
import { applyInbox, type InboxHooks, type InboxItem } from './floor-inbox';
import { FloorSync, type SyncOutcome } from './floor-sync';
import { animationFrameScheduler, type FloorTransport, type FrameScheduler } from './floor-transport';
import { FloorListeners, type Listener } from './floor-listeners';
import { FloorViews, type BoardKpis } from './floor-views';
import type { AgentGroup, ViewSpec } from './ordering';
import { PopWatch, type PopState } from './pop-watch';

const RESYNC_RETRY_MS = [1000, 2000, 5000, 10_000, 15_000];
/**
 * After a reconnect the server sends by itself a replay of what the board missed (R13) or a
 * fresh snapshot (docs/realtime-protocol.md C5); only if neither has come after this long does
 * the board ask with `floor:resync`.
 */
export const RECONNECT_SNAPSHOT_WAIT_MS = 3000;

export interface FloorStoreOptions {
  transport: FloorTransport;
  scheduler?: FrameScheduler;
  clock?: FloorClock;
  /** Browser clock (tests pass a fake). */
  now?: () => number;
}

export type { BoardKpis };

export class FloorStore {
  private readonly sync = new FloorSync();
  private readonly offset = new ClockOffset();
  private readonly transport: FloorTransport;
  private readonly scheduler: FrameScheduler;
  private readonly clock: FloorClock;
  private readonly now: () => number;
  private readonly pop: PopWatch;

  private inbox: InboxItem[] = [];
  private cancelFlush: (() => void) | null = null;
  private connection: ConnectionState;
  private everConnected = false;
  private connected = false;
  private downTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private retryCount = 0;
  private stopClock: (() => void) | null = null;

  /** Bumped whenever any agent changed: derived caches compare against it. */
  private version = 0;
  /** Bumped when the roster changed (agents added, removed, renamed, moved team). */
  private structure = 0;
  /** Bumped on each clock tick and each roster change: when orderings may be re-derived. */
  private orderStamp = 0;
  private rolling: FloorRollingKpis | null = null;
  private readonly views: FloorViews;
  /** Counters for lib/client/perf-probe.ts: proof that a page is applying what it receives. */
  private readonly counters = { deltas: 0, changedAgents: 0, flushes: 0 };

  private readonly listeners = new FloorListeners();

  constructor(options: FloorStoreOptions) {
    this.transport = options.transport;
    this.scheduler = options.scheduler ?? animationFrameScheduler;
    this.clock = options.clock ?? defaultClock;
    this.now = options.now ?? (() => Date.now());
    this.connection = initialConnection(this.now());
    this.pop = new PopWatch(this.transport);
    this.views = new FloorViews(
      this.sync.agents,
      () => ({ version: this.version, structure: this.structure, orderStamp: this.orderStamp }),
      () => this.clock.serverNow(),
    );
  }

  // ---- lifecycle -------------------------------------------------------------------------

  start(): void {
    this.transport.start({
      connected: () => this.onConnected(),
      disconnected: () => this.onDisconnected(),
      refused: (code) => this.onRefused(code),
      snapshot: (snapshot) => this.enqueue({ kind: 'snapshot', snapshot, at: this.now() }),
      delta: (delta) => this.enqueue({ kind: 'delta', delta, at: this.now() }),
      replay: (replay) => this.enqueue({ kind: 'replay', replay, at: this.now() }),
      resumePoint: () => this.sync.resumePoint(),
      malformed: () => this.enqueue({ kind: 'malformed' }),
      announcement: (announcement) => this.enqueue({ kind: 'announcement', announcement }),
      popDetail: (detail) => this.pop.receive(detail),
      rollingKpis: (kpis) => {
        this.rolling = kpis;
        this.listeners.emit(this.listeners.floor);
      },
    });
    // Orderings follow the floor once a second (attention also depends on time).
    this.stopClock = this.clock.subscribe(() => {
      this.orderStamp += 1;
      if (this.listeners.order.size) this.listeners.emit(this.listeners.order);
    });
  }

  stop(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.stopClock?.();
    this.stopClock = null;
    if (this.downTimer) clearTimeout(this.downTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.transport.stop();
  }

  // ---- incoming --------------------------------------------------------------------------

  private onConnected(): void {
    this.connected = true;
    if (this.downTimer) clearTimeout(this.downTimer);
    this.downTimer = null;
    if (this.everConnected) {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (this.connected) this.enqueue({ kind: 'reconnected' });
      }, RECONNECT_SNAPSHOT_WAIT_MS);
    }
    this.everConnected = true;
    if (this.connection.refused) this.setConnection({ ...this.connection, refused: null });
    // Live once data is in step: the join snapshot (or the resync) flips the phase in flush().
    if (this.sync.seq !== null && this.connection.phase !== 'live') {
      this.setConnection({ ...this.connection, syncing: true });
    }
    this.pop.resume();
  }

  /** The server refused the handshake (UNAUTHORIZED, FORBIDDEN, …): say so instead of "reconnecting". */
  private onRefused(code: string): void {
    this.connected = false;
    this.setConnection({ ...this.connection, phase: 'down', refused: code });
  }

  private onDisconnected(): void {
    this.connected = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.connection.phase === 'live' || this.connection.phase === 'connecting') {
      const first = this.connection.phase === 'connecting';
      this.setConnection({ ...this.connection, phase: first ? 'connecting' : 'reconnecting', since: this.now() });
    }
    if (!this.downTimer) {
      this.downTimer = setTimeout(() => {
        this.downTimer = null;
        if (!this.connected) this.setConnection({ ...this.connection, phase: 'down' });
      }, DOWN_AFTER_MS);
    }
  }

  private enqueue(item: InboxItem): void {
    this.inbox.push(item);
    if (!this.cancelFlush) this.cancelFlush = this.scheduler.schedule(() => this.flush());
  }

  /** Apply everything received since the last frame, in order; then notify once. */
  flush(): void {
    this.cancelFlush = null;
    this.counters.flushes += 1;
    const items = this.inbox;
    this.inbox = [];
    const { out, data, announcements, deltas } = applyInbox(this.sync, items, this.inboxHooks);
    this.counters.deltas += deltas;
    if (out.resyncFrom !== null) this.requestResync(out.resyncFrom);
    this.afterApply(out, data, announcements);
  }

  private readonly inboxHooks: InboxHooks = {
    joinDataArrived: () => this.joinDataArrived(),
    sampleOffset: (serverTime, at) => this.sampleOffset(serverTime, at),
    resyncAnswered: () => {
      this.retryCount = 0;
    },
  };

  private joinDataArrived(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private afterApply(out: SyncOutcome, data: boolean, announcements: boolean): void {
    const syncing = this.sync.resyncPending || this.sync.seq === null;
    if (data || this.connection.syncing !== syncing) {
      const inStep = this.connected && this.sync.seq !== null && !this.sync.resyncPending;
      const phase = inStep ? 'live' : this.connection.phase;
      const since = phase !== this.connection.phase ? this.now() : this.connection.since;
      const lastDataAt = data ? this.now() : this.connection.lastDataAt;
      this.setConnection({ ...this.connection, phase, since, syncing, lastDataAt });
    }
    if (out.changed.size) {
      this.counters.changedAgents += out.changed.size;
      this.version += 1;
      if (out.structural) {
        this.structure += 1;
        this.orderStamp += 1;
      }
      this.listeners.notifyChanged(out);
    }
    if (announcements) this.listeners.emit(this.listeners.announcements);
  }

  private sampleOffset(serverTime: number, at: number): void {
    if (this.offset.sample(serverTime, at)) this.clock.setOffset(this.offset.offsetMs);
  }

  private requestResync(sinceSeq: number): void {
    // Not connected: `reconnected` asks again when the socket is back.
    if (!this.connected) return;
    this.setConnection({ ...this.connection, syncing: true });
    this.transport.resync(sinceSeq).then(
      (ack) => {
        if (ack.ok) this.enqueue({ kind: 'resync', reply: ack.data });
        else this.retryResync(ack.code);
      },
      () => this.retryResync('timeout'),
    );
  }

  private retryResync(code: string): void {
    // Paused as a slow board: the server sends a snapshot once the connection drains.
    if (code === 'SLOW_BOARD') return;
    const delay = RESYNC_RETRY_MS[Math.min(this.retryCount, RESYNC_RETRY_MS.length - 1)] ?? 15_000;
    this.retryCount += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.enqueue({ kind: 'resyncFailed' });
    }, delay);
  }

  private setConnection(next: ConnectionState): void {
    const c = this.connection;
    if (
      c.phase === next.phase &&
      c.since === next.since &&
      c.syncing === next.syncing &&
      c.lastDataAt === next.lastDataAt &&
      c.refused === next.refused
    ) {
      return;
    }
    this.connection = next;
    this.listeners.emit(this.listeners.connection);
  }

  // ---- reading (stable snapshots for useSyncExternalStore) -------------------------------

  getAgent(extno: string): AgentView | undefined {
    return this.sync.agents.get(extno);
  }

  /** All agents (a live iterator: do not keep it). */
  agents(): IterableIterator<AgentView> {
    return this.sync.agents.values();
  }

  /** All agents as an array, the same array until something changes. */
  getAgentList = (): readonly AgentView[] => this.views.list();

  getVersion = (): number => this.version;

  getConnection = (): ConnectionState => this.connection;

  getAnnouncements = (): readonly Announcement[] => this.sync.announcements;

  getRollingKpis = (): FloorRollingKpis | null => this.rolling;

  getPop = (): PopState => this.pop.state;

  /**
   * The ordered groups for a view; the same array until the order really changes. Re-derived
   * at most once a second or at a roster change (see floor-views.ts).
   */
  getGroups(spec: ViewSpec): readonly AgentGroup[] {
    return this.views.groups(spec);
  }

  /**
   * A stable position per agent (roster order), for the DOM order of tiles: the grid shows the
   * view's order with CSS `order`, so a re-order moves no DOM nodes.
   */
  getRank(extno: string): number {
    return this.views.rank(extno);
  }

  /** Header KPIs for these teams (empty: all) at server time `now`. */
  getKpis(teams: readonly string[], now: number): BoardKpis {
    return this.views.kpis(teams, now);
  }

  /** Teams present on the floor, sorted. */
  getTeams(): readonly string[] {
    return this.views.teams();
  }

  /** Server time now (ms), from the clock offset. */
  serverNow(): number {
    return this.clock.serverNow();
  }

  get seq(): number | null {
    return this.sync.seq;
  }

  /** Deltas received, agents changed and inbox flushes since the start (perf-probe.ts). */
  get stats(): { deltas: number; changedAgents: number; flushes: number } {
    return { ...this.counters };
  }

  // ---- subscriptions ---------------------------------------------------------------------

  subscribeAgent(extno: string, listener: Listener): () => void {
    return this.listeners.subscribeAgent(extno, listener);
  }

  subscribeFloor = (listener: Listener): (() => void) => this.listeners.add(this.listeners.floor, listener);
  subscribeOrder = (listener: Listener): (() => void) => this.listeners.add(this.listeners.order, listener);
  subscribeConnection = (listener: Listener): (() => void) => this.listeners.add(this.listeners.connection, listener);
  subscribeAnnouncements = (listener: Listener): (() => void) => this.listeners.add(this.listeners.announcements, listener);
  subscribePop = (listener: Listener): (() => void) => this.pop.subscribe(listener);

  /** Watch one agent's screen pop (null stops). */
  watchPop(extno: string | null): void {
    this.pop.watch(extno);
  }
}
