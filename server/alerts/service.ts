/**
 * The alert service: runs the pure engine once a second over the live floor, keeps the open
 * alerts, takes acknowledgements, writes the history and edits the rules. Transport-free:
 * the Socket.IO hub and the HTTP handlers sit on top of it, and listeners hear every change.
 */
import { alertRuleSchema, alertRuleSetSchema } from '@/lib/alerts/rules';
import { alertVisibleTo, type Alert, type AlertActorRef, type AlertErrorCode, type AlertHistoryEntry, type AlertHistoryPage } from '@/lib/alerts/types';
import { MemoryAlertStore, type AlertHistoryQuery, type AlertStore } from './alert-store';
import { acknowledge as engineAcknowledge, createEngineState, evaluate, openAlerts, type AlertAgentInput } from './engine';
import { alertOf } from './engine-state';
import { MemoryRuleStore, type RuleSet, type RuleStore } from './rule-store';
import { firstIssueText } from '@/server/http/zod-text';
import type { LogFn } from '@/server/log';

export interface AlertChanges {
  serverTime: number;
  opened: Alert[];
  updated: Alert[];
  closed: Alert[];
}

export type AlertResult<T> = { ok: true; data: T } | { ok: false; code: AlertErrorCode; message: string };

export interface AlertServiceOptions {
  /** The live floor's agents (`() => floor.state.agents`): read each tick, never changed. */
  agents: () => ReadonlyMap<string, AlertAgentInput>;
  /** Since when no call connected among `teams` (null: all): CallClock.quietSince. */
  callsQuietSince: (teams: ReadonlySet<string> | null) => number;
  /** The centre's IANA time zone (quiet hours, shift hours, CSV times). */
  timeZone: string;
  alertStore?: AlertStore;
  ruleStore?: RuleStore;
  /** Engine period. Default 1000 ms; 0 starts no timer (tests call tick()). */
  intervalMs?: number;
  now?: () => number;
  /** Alert id prefix, unique per process so ids in a shared history never collide. */
  idPrefix?: string;
  log?: { error: LogFn; warn: LogFn };
}

export interface AlertService {
  /** Resolves once the rules are loaded (ticks before that evaluate no rule). */
  readonly ready: Promise<void>;
  readonly timeZone: string;
  /** Run the engine once now (the timer calls this). */
  tick(): AlertChanges;
  /** Open alerts a scope may see ('*': all), in opening order. */
  open(scope?: '*' | readonly string[]): Alert[];
  /** Acknowledge as `actor`; `visible` refuses alerts outside the caller's teams (FORBIDDEN). */
  acknowledge(alertId: string, actor: AlertActorRef, visible?: (alert: Alert) => boolean): Promise<AlertResult<Alert>>;
  history(query: AlertHistoryQuery): Promise<AlertHistoryPage>;
  rules(): RuleSet;
  /** Replace the whole rule set (validated; ids unique). */
  replaceRules(input: unknown, actor: AlertActorRef): Promise<AlertResult<RuleSet>>;
  /** Create or replace one rule; `id` (from the path) must match the body's id when given. */
  putRule(input: unknown, actor: AlertActorRef, id?: string): Promise<AlertResult<RuleSet>>;
  deleteRule(id: string, actor: AlertActorRef): Promise<AlertResult<RuleSet>>;
  /** Re-read the rules from the store and apply them at once (another web node edited them: CL6). */
  reloadRules(): Promise<void>;
  /** Hears every rule edit made through this service; returns an unsubscribe function. */
  onRulesChange(listener: (set: RuleSet) => void): () => void;
  /** Every change (engine ticks and acknowledgements); returns an unsubscribe function. */
  onChange(listener: (changes: AlertChanges) => void): () => void;
  /** Wait for pending history writes. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Closed alerts remembered to tell ALERT_CLOSED from ALERT_NOT_FOUND. */
const RECENTLY_CLOSED_MAX = 5_000;

export function createAlertService(options: AlertServiceOptions): AlertService {
  const now = options.now ?? Date.now;
  const alertStore = options.alertStore ?? new MemoryAlertStore();
  const ruleStore: RuleStore = options.ruleStore ?? new MemoryRuleStore();
  const state = createEngineState(options.idPrefix ?? `al-${Date.now().toString(36)}-`);
  const listeners = new Set<(changes: AlertChanges) => void>();
  const ruleListeners = new Set<(set: RuleSet) => void>();
  const recentlyClosed = new Map<string, Alert>();
  let ruleSet: RuleSet = { rules: [], updatedAt: null, updatedBy: null };
  let writes: Promise<void> = Promise.resolve();
  let closed = false;

  const floorInput = {
    get agents() {
      return options.agents();
    },
    callsQuietSince: options.callsQuietSince,
  };

  const ready = ruleStore.load().then(
    (set) => {
      ruleSet = set;
    },
    (err: unknown) => options.log?.error({ err }, 'alert rules could not be loaded; no rule runs'),
  );

  /** History writes are queued in order; a failing store is logged and never stops the engine. */
  function record(entries: AlertHistoryEntry[]): void {
    if (entries.length === 0) return;
    writes = writes.then(() => alertStore.append(entries)).catch((err: unknown) => options.log?.error({ err, entries: entries.length }, 'alert history write failed'));
  }

  function emit(changes: AlertChanges): void {
    for (const listener of listeners) {
      try {
        listener(changes);
      } catch (err) {
        options.log?.error({ err }, 'alert listener failed');
      }
    }
  }

  function remember(alerts: readonly Alert[]): void {
    for (const a of alerts) {
      recentlyClosed.set(a.id, a);
      if (recentlyClosed.size > RECENTLY_CLOSED_MAX) recentlyClosed.delete(recentlyClosed.keys().next().value as string);
    }
  }

  function tick(): AlertChanges {
    const t = now();
    const r = evaluate(state, floorInput, ruleSet.rules, t, options.timeZone);
    const changes: AlertChanges = { serverTime: t, opened: r.opened, updated: r.updated, closed: r.closed };
    if (r.opened.length + r.updated.length + r.closed.length === 0) return changes;
    remember(r.closed);
    record([
      ...r.opened.map((alert): AlertHistoryEntry => ({ at: alert.openedAt, event: 'opened', actor: null, alert })),
      ...r.closed.map((alert): AlertHistoryEntry => ({ at: alert.closedAt ?? t, event: 'closed', actor: null, alert })),
    ]);
    emit(changes);
    return changes;
  }

  const intervalMs = options.intervalMs ?? 1000;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          try {
            tick();
          } catch (err) {
            options.log?.error({ err }, 'alert engine tick failed');
          }
        }, intervalMs)
      : null;
  timer?.unref();

  async function flush(): Promise<void> {
    // Writes queued while waiting are waited for too.
    let seen: Promise<void> | null = null;
    while (seen !== writes) {
      seen = writes;
      await seen;
    }
  }

  async function applyRules(write: () => Promise<RuleSet | null>, missing: string): Promise<AlertResult<RuleSet>> {
    const set = await write();
    if (set === null) return { ok: false, code: 'RULE_NOT_FOUND', message: missing };
    ruleSet = set;
    // Apply at once, so alerts of a deleted or edited rule close now rather than at the next tick.
    tick();
    // Other web nodes re-read the rules from the database: tell them once they are written there.
    void Promise.resolve(ruleStore.written?.()).then(() => {
      for (const listener of ruleListeners) listener(set);
    });
    return { ok: true, data: set };
  }

  return {
    ready,
    timeZone: options.timeZone,
    tick,
    open(scope = '*') {
      const all = openAlerts(state);
      return scope === '*' ? all : all.filter((a) => alertVisibleTo(a, scope));
    },
    async acknowledge(alertId, actor, visible) {
      const ref = state.byId.get(alertId);
      const current = (ref && alertOf(ref, alertId)) ?? undefined;
      const known = current ?? recentlyClosed.get(alertId);
      if (known === undefined) return { ok: false, code: 'ALERT_NOT_FOUND', message: `no alert ${alertId}` };
      if (visible && !visible(known)) return { ok: false, code: 'FORBIDDEN', message: 'the alert is outside your teams' };
      if (current === undefined) return { ok: false, code: 'ALERT_CLOSED', message: `alert ${alertId} has closed` };
      const t = now();
      const r = engineAcknowledge(state, alertId, actor, t);
      if (!r.ok) return { ok: false, code: 'ALERT_NOT_FOUND', message: `no alert ${alertId}` };
      if (r.updated.length > 0) {
        const by = { id: actor.id, name: actor.name };
        record(r.updated.map((alert): AlertHistoryEntry => ({ at: t, event: 'acknowledged', actor: by, alert })));
        emit({ serverTime: t, opened: [], updated: r.updated, closed: [] });
      }
      return { ok: true, data: r.alert };
    },
    history: (query) => alertStore.query(query),
    rules: () => ruleSet,
    async replaceRules(input, actor) {
      const parsed = alertRuleSetSchema.safeParse(input);
      if (!parsed.success) return { ok: false, code: 'BAD_REQUEST', message: firstIssueText(parsed.error) };
      return applyRules(() => ruleStore.replaceAll(parsed.data, actor, now()), '');
    },
    async putRule(input, actor, id) {
      const parsed = alertRuleSchema.safeParse(input);
      if (!parsed.success) return { ok: false, code: 'BAD_REQUEST', message: firstIssueText(parsed.error) };
      if (id !== undefined && parsed.data.id !== id) return { ok: false, code: 'BAD_REQUEST', message: `id: the body's id must be ${id}` };
      return applyRules(() => ruleStore.upsert(parsed.data, actor, now()), '');
    },
    async deleteRule(id, actor) {
      return applyRules(() => ruleStore.remove(id, actor, now()), `no rule ${id}`);
    },
    async reloadRules() {
      await ready;
      ruleSet = await (ruleStore.reread?.() ?? ruleStore.load());
      tick();
    },
    onRulesChange(listener) {
      ruleListeners.add(listener);
      return () => ruleListeners.delete(listener);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      listeners.clear();
      ruleListeners.clear();
      await ready;
      await flush();
    },
  };
}
