/**
 * The browser's alert store (docs/alerts.md, "What the board UI needs from this"): a map
 * id → Alert set from `alert:snapshot`, upserted from `alert:opened` / `alert:updated`, deleted
 * on `alert:closed`. Read through `useSyncExternalStore` (lib/client/alert-hooks.ts):
 * - the banner list (banner alerts, most severe first, then by attentionAt), a new array only
 *   when a banner alert changed;
 * - each agent's mark (highest severity, acknowledged or not) as a string, so a tile
 *   re-renders only when its own mark changes.
 *
 * The socket transport feeds the store of its team filter (`alertStoreFor`), whether or not a
 * component has subscribed yet, so nothing sent before the banner mounts is lost.
 */
import { SEVERITY_RANK, type AlertSeverity } from '@/lib/alerts/rules';
import { isBannerAlert, type Alert, type AlertAckRequest, type AlertBatch, type AlertSnapshot } from '@/lib/alerts/types';
import type { Ack } from '@/lib/protocol';

type Listener = () => void;

/** `warning`, `critical:ack`...: the highest severity on an agent, and whether all of those are acknowledged. */
export type AgentAlertMark = `${AlertSeverity}` | `${AlertSeverity}:ack`;

export type AlertAckSender = (req: AlertAckRequest) => Promise<Ack<Alert>>;

const NOT_CONNECTED: Ack<Alert> = { ok: false, code: 'NOT_CONNECTED', message: 'not connected' };

/** Banner order: most severe first, then the one that called for attention first. */
export function compareBanner(a: Alert, b: Alert): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.attentionAt - b.attentionAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The mark of one agent from the agent alerts that list it (null: none). */
export function markOf(alerts: Iterable<Alert>): AgentAlertMark | null {
  let best: AlertSeverity | null = null;
  let acked = true;
  for (const a of alerts) {
    if (best === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[best]) {
      best = a.severity;
      acked = a.acknowledged !== null;
    } else if (a.severity === best && a.acknowledged === null) {
      acked = false;
    }
  }
  if (best === null) return null;
  return acked ? `${best}:ack` : best;
}

export class AlertStore {
  private readonly alerts = new Map<string, Alert>();
  /** extno → ids of agent alerts that list it. */
  private readonly byAgent = new Map<string, Set<string>>();
  private readonly marks = new Map<string, AgentAlertMark>();
  private banner: readonly Alert[] = [];
  private all: readonly Alert[] = [];
  private sender: AlertAckSender | null = null;

  private readonly bannerListeners = new Set<Listener>();
  private readonly allListeners = new Set<Listener>();
  private readonly agentListeners = new Map<string, Set<Listener>>();

  // ---- incoming ----------------------------------------------------------------------------

  applySnapshot(snapshot: AlertSnapshot): void {
    const touched = new Set<string>(this.byAgent.keys());
    const before = this.alerts.size;
    let bannerChanged = [...this.alerts.values()].some(isBannerAlert);
    this.alerts.clear();
    this.byAgent.clear();
    for (const a of snapshot.alerts) {
      if (a.closedAt !== null) continue;
      this.alerts.set(a.id, a);
      if (isBannerAlert(a)) bannerChanged = true;
      this.index(a, touched);
    }
    this.publish(touched, bannerChanged, before > 0 || this.alerts.size > 0);
  }

  applyOpened(batch: AlertBatch): void {
    this.upsert(batch.alerts);
  }

  applyUpdated(batch: AlertBatch): void {
    this.upsert(batch.alerts);
  }

  applyClosed(batch: AlertBatch): void {
    const touched = new Set<string>();
    let bannerChanged = false;
    let changed = false;
    for (const a of batch.alerts) {
      const old = this.alerts.get(a.id);
      if (!old) continue;
      changed = true;
      if (isBannerAlert(old)) bannerChanged = true;
      this.unindex(old, touched);
      this.alerts.delete(a.id);
    }
    this.publish(touched, bannerChanged, changed);
  }

  /** Replace an alert with the version an ack answered with (it may arrive before `alert:updated`). */
  applyAcked(alert: Alert): void {
    const old = this.alerts.get(alert.id);
    if (!old || old.acknowledged) return;
    this.upsert([alert]);
  }

  private upsert(alerts: readonly Alert[]): void {
    const touched = new Set<string>();
    let bannerChanged = false;
    let changed = false;
    for (const a of alerts) {
      const old = this.alerts.get(a.id);
      if (old) this.unindex(old, touched);
      if (a.closedAt !== null) {
        // A closed version in an upsert batch: drop it as `alert:closed` would.
        if (old) {
          this.alerts.delete(a.id);
          changed = true;
          if (isBannerAlert(old)) bannerChanged = true;
        }
        continue;
      }
      this.alerts.set(a.id, a);
      this.index(a, touched);
      changed = true;
      if (isBannerAlert(a) || (old && isBannerAlert(old))) bannerChanged = true;
    }
    this.publish(touched, bannerChanged, changed);
  }

  private index(a: Alert, touched: Set<string>): void {
    if (a.subject.kind !== 'agent') return;
    for (const extno of a.agents) {
      let ids = this.byAgent.get(extno);
      if (!ids) this.byAgent.set(extno, (ids = new Set()));
      ids.add(a.id);
      touched.add(extno);
    }
  }

  private unindex(a: Alert, touched: Set<string>): void {
    if (a.subject.kind !== 'agent') return;
    for (const extno of a.agents) {
      const ids = this.byAgent.get(extno);
      if (!ids) continue;
      ids.delete(a.id);
      if (ids.size === 0) this.byAgent.delete(extno);
      touched.add(extno);
    }
  }

  private publish(touched: Set<string>, bannerChanged: boolean, changed: boolean): void {
    const notify: Listener[] = [];
    for (const extno of touched) {
      const ids = this.byAgent.get(extno);
      const mark = ids ? markOf([...ids].map((id) => this.alerts.get(id)!).filter(Boolean)) : null;
      if ((this.marks.get(extno) ?? null) === mark) continue;
      if (mark) this.marks.set(extno, mark);
      else this.marks.delete(extno);
      const ls = this.agentListeners.get(extno);
      if (ls) notify.push(...ls);
    }
    if (bannerChanged) {
      this.banner = [...this.alerts.values()].filter(isBannerAlert).sort(compareBanner);
      notify.push(...this.bannerListeners);
    }
    if (changed) {
      this.all = [...this.alerts.values()];
      notify.push(...this.allListeners);
    }
    for (const l of notify) l();
  }

  // ---- reads -------------------------------------------------------------------------------

  get(id: string): Alert | undefined {
    return this.alerts.get(id);
  }

  /** Banner alerts, most severe first, then by attentionAt; the same array until one changes. */
  getBanner = (): readonly Alert[] => this.banner;

  /** Every open alert; the same array until one changes. */
  getAll = (): readonly Alert[] => this.all;

  getAgentMark(extno: string): AgentAlertMark | null {
    return this.marks.get(extno) ?? null;
  }

  subscribeBanner = (l: Listener): (() => void) => add(this.bannerListeners, l);
  subscribeAll = (l: Listener): (() => void) => add(this.allListeners, l);

  subscribeAgent(extno: string, l: Listener): () => void {
    let set = this.agentListeners.get(extno);
    if (!set) this.agentListeners.set(extno, (set = new Set()));
    set.add(l);
    return () => {
      set.delete(l);
      if (set.size === 0) this.agentListeners.delete(extno);
    };
  }

  // ---- acknowledgement ---------------------------------------------------------------------

  /** Set by the transport while its socket is up (null when it stops). */
  setSender(sender: AlertAckSender | null): void {
    this.sender = sender;
  }

  /** Forget `sender` if it is still the current one (a newer transport may have replaced it). */
  clearSender(sender: AlertAckSender): void {
    if (this.sender === sender) this.sender = null;
  }

  hasSender(): boolean {
    return this.sender !== null;
  }

  /** Sends `alert:ack`; on success applies the answer, on ALERT_CLOSED drops the alert. */
  async acknowledge(alertId: string, requestId: string = newRequestId()): Promise<Ack<Alert>> {
    const sender = this.sender;
    if (!sender) return NOT_CONNECTED;
    let reply: Ack<Alert>;
    try {
      reply = await sender({ alertId, requestId });
    } catch (err) {
      return { ok: false, code: 'TIMEOUT', message: err instanceof Error ? err.message : 'no answer' };
    }
    if (reply.ok) this.applyAcked(reply.data);
    else if (reply.code === 'ALERT_CLOSED') {
      const old = this.alerts.get(alertId);
      if (old) this.applyClosed({ serverTime: Date.now(), alerts: [old] });
    }
    return reply;
  }
}

function add(set: Set<Listener>, l: Listener): () => void {
  set.add(l);
  return () => set.delete(l);
}

let requestCounter = 0;
function newRequestId(): string {
  requestCounter += 1;
  const rnd = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : Math.random().toString(36).slice(2);
  return `ack-${requestCounter}-${rnd}`;
}

// ---- one store per team filter (the same keys as the floor stores) ----------------------------

const stores = new Map<string, AlertStore>();

export function alertStoreKey(teams: readonly string[]): string {
  return [...teams].sort().join(',');
}

/**
 * The alert store of a team filter. The socket transport of the same filter feeds it; it
 * outlives the transport (a new socket's `alert:snapshot` replaces its content anyway).
 */
export function alertStoreFor(teams: readonly string[]): AlertStore {
  if (typeof window === 'undefined') return new AlertStore();
  const key = alertStoreKey(teams);
  let store = stores.get(key);
  if (!store) stores.set(key, (store = new AlertStore()));
  return store;
}
