/**
 * Announcements (公告) with delivery receipts: compose -> authorize -> resolve the audience
 * from the roster -> send through the call system -> match every `message` frame seen on a
 * monitor socket back to it, so each announcement shows "delivered N of M" live, who has not
 * got it and why, and can be resent to exactly those. Behaviour rules A1-A8 in docs/control-api.md.
 *
 * The record is created before the call system is asked, because the call system may push
 * the message to the monitor sockets before it answers the HTTP request.
 */
import { announceRequestSchema, resendRequestSchema, type AnnouncementReceipts, type AnnouncementView, type Audience } from '@/lib/control/announce';
import { auditActorOf, type Actor } from '@/lib/control/actor';
import type { AuditParams } from '@/lib/control/audit';
import type { ControlErrorCode } from '@/lib/control/errors';
import { assertNever } from '@/lib/domain/status';
import type { Ack } from '@/lib/protocol';
import type { Logger } from '@/server/log';
import type { AuditStore } from './audit';
import { type AnnouncementRecord, type AnnouncementStore, MemoryAnnouncementStore } from './announcement-store';
import { floorIndex, receiptsOf, viewOf } from './announcement-views';
import type { CallSystemClient } from './call-system-client';
import type { FloorAgent, ListAgents } from './floor-read';
import { IdempotencyCache } from './idempotency';
import { AUDIT_RESULT_BY_CODE, failureOf } from './outcomes';
import { defaultCan, teamScope, type Can, type PermissionTarget } from './permissions';
import { TokenBucketLimiter } from './rate-limit';
import { orderedId } from './ordered-id';

export interface AnnouncementDeps {
  client: CallSystemClient;
  /** The roster with live status and link (who is in the audience, and why someone has not got it). */
  agents: ListAgents;
  audit: AuditStore;
  store?: AnnouncementStore;
  can?: Can;
  rateLimiter?: TokenBucketLimiter;
  /** Receipts are matched for this long after each send. Default 5 minutes. */
  receiptWindowMs?: number;
  /** Receipt updates per announcement are pushed at most this often. Default 500 ms. */
  notifyEveryMs?: number;
  /**
   * Send a whole-floor announcement with an empty extnos list (the simulator's "every agent")
   * instead of every extension: at 10 000 agents the list alone is ~60 KB. Resends always list.
   */
  floorAsEmptyList?: boolean;
  /** Receipt counters changed: push them to boards (`announce:receipts`). */
  onChange?: (receipts: AnnouncementReceipts) => void;
  now?: () => number;
  newId?: () => string;
  logger?: Logger;
}

export interface Announcements {
  send(actor: Actor, payload: unknown): Promise<Ack<AnnouncementView>>;
  /** Send again to the recipients who have not got it yet, and only to them. */
  resend(actor: Actor, id: string, payload: unknown): Promise<Ack<AnnouncementView>>;
  /** The lead calls this for every `message` frame seen on a monitor socket. */
  onMessage(extno: string, msg: string, at: number): void;
  get(actor: Actor, id: string): Promise<Ack<AnnouncementView>>;
  /** Newest first, within the actor's scope. */
  list(actor: Actor, query: { limit: number; before?: number }): Promise<Ack<AnnouncementView[]>>;
  /** Stop pending notification timers. */
  close(): void;
}

type Err = { ok: false; code: ControlErrorCode; message: string };
const err = (code: ControlErrorCode, message: string): Err => ({ ok: false, code, message });

export function createAnnouncements(deps: AnnouncementDeps): Announcements {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => orderedId());
  const can = deps.can ?? defaultCan;
  const store = deps.store ?? new MemoryAnnouncementStore();
  const limiter = deps.rateLimiter ?? new TokenBucketLimiter({ now });
  const windowMs = deps.receiptWindowMs ?? 5 * 60_000;
  const notifyEveryMs = deps.notifyEveryMs ?? 500;
  const seen = new IdempotencyCache<Ack<AnnouncementView>>({ now });
  /** Announcements still matching receipts, oldest first. */
  const open = new Map<string, AnnouncementRecord>();
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastFlush = Number.NEGATIVE_INFINITY;

  function flush(): void {
    timer = null;
    lastFlush = now();
    const ids = [...dirty];
    dirty.clear();
    if (ids.length === 0) return;
    const floor = floorIndex(deps.agents);
    for (const id of ids) {
      const record = open.get(id);
      if (!record) continue;
      store.save(record).catch((e: unknown) => deps.logger?.error({ err: e, id }, 'announcement save failed'));
      try {
        deps.onChange?.(receiptsOf(record, floor, lastFlush));
      } catch (e) {
        deps.logger?.error({ err: e, id }, 'announcement onChange failed');
      }
    }
  }

  /** The first change goes out at once, then at most one update per `notifyEveryMs`. */
  function markDirty(id: string): void {
    dirty.add(id);
    if (timer) return;
    timer = setTimeout(flush, Math.max(0, lastFlush + notifyEveryMs - now()));
  }

  function pruneOpen(at: number): void {
    for (const [id, r] of open) if (r.acceptUntil < at) open.delete(id);
  }

  function audienceTarget(extnosTeams: readonly string[], audience: Audience): PermissionTarget {
    switch (audience.kind) {
      case 'floor':
        return { kind: 'floor' };
      case 'teams':
        return { kind: 'teams', teams: audience.teams };
      case 'extnos':
        return { kind: 'teams', teams: extnosTeams };
      default:
        return assertNever(audience, 'audience');
    }
  }

  /** Step "resolve": the audience as extensions, from the roster as it is now. */
  function resolve(audience: Audience, floor: Map<string, FloorAgent>): { extnos: string[]; teams: string[] } | Err {
    let agents: FloorAgent[];
    switch (audience.kind) {
      case 'floor':
        agents = [...floor.values()];
        break;
      case 'teams': {
        const wanted = new Set(audience.teams);
        agents = [...floor.values()].filter((a) => wanted.has(a.team));
        break;
      }
      case 'extnos': {
        const unknown = audience.extnos.filter((x) => !floor.has(x));
        if (unknown.length > 0) return err('UNKNOWN_AGENT', `not on the roster: ${unknown.slice(0, 10).join(', ')}`);
        agents = [...new Set(audience.extnos)].map((x) => floor.get(x)!);
        break;
      }
      default:
        return assertNever(audience, 'audience');
    }
    if (agents.length === 0) return err('NO_RECIPIENTS', 'The audience has no agents on the roster');
    return { extnos: agents.map((a) => a.extno), teams: [...new Set(agents.map((a) => a.team))].sort() };
  }

  function audienceLabel(audience: Audience): string {
    switch (audience.kind) {
      case 'floor':
        return 'floor';
      case 'teams':
        return `teams:${audience.teams.join(',')}`;
      case 'extnos':
        return `extnos:${audience.extnos.length}`;
      default:
        return assertNever(audience, 'audience');
    }
  }

  async function audit(
    actor: Actor,
    action: 'announce' | 'announce_resend',
    requestId: string,
    startedAt: number,
    teams: readonly string[],
    params: AuditParams,
    outcome: { ok: true } | Err,
  ): Promise<void> {
    const failure = outcome.ok ? null : outcome;
    const result = failure ? AUDIT_RESULT_BY_CODE[failure.code] : 'ok';
    try {
      await deps.audit.append({
        id: newId(),
        at: startedAt,
        actor: auditActorOf(actor),
        action,
        target: { extno: '', team: teams.length === 0 ? '*' : teams.join(',') },
        params,
        statusBefore: null,
        result,
        ...(failure ? { code: failure.code, reason: failure.message } : {}),
        requestId,
        durationMs: Math.max(0, now() - startedAt),
      });
    } catch (e) {
      deps.logger?.error({ err: e }, 'audit append failed');
    }
    deps.logger?.info({ actor: actor.id, action, result, code: failure?.code, requestId }, 'announcement');
  }

  /** Step "call": one send to `extnos`; the record is open for receipts before the request goes out. */
  async function deliver(record: AnnouncementRecord, extnos: string[], wire: readonly string[] = extnos): Promise<{ ok: true } | Err> {
    const at = now();
    const send: AnnouncementRecord['sends'][number] = { at, recipients: extnos.length, outcome: 'sending' };
    record.sends.push(send);
    record.acceptUntil = at + windowMs;
    open.delete(record.id);
    open.set(record.id, record);
    await store.save(record);
    const r = await deps.client.announce(record.text, wire);
    if (r.outcome === 'ok') {
      send.outcome = 'ok';
    } else {
      const f = failureOf(r);
      send.outcome = r.outcome === 'unreachable' ? 'failed' : r.outcome;
      send.code = f.code;
      send.reason = f.reason;
      // Nothing was sent: stop matching. An unknown outcome stays open: receipts will tell.
      if (r.outcome !== 'unknown' && record.receipts.size === 0) open.delete(record.id);
    }
    await store.save(record);
    markDirty(record.id);
    return r.outcome === 'ok' ? { ok: true } : err(failureOf(r).code, failureOf(r).message);
  }

  /** Shared dedupe + rate limit wrapper for send and resend. */
  async function once(actor: Actor, requestId: string, fingerprint: string, run: () => Promise<Ack<AnnouncementView>>) {
    const key = `${actor.id}\u0000${requestId}`;
    const earlier = seen.get(key);
    if (earlier) {
      return earlier.fingerprint === fingerprint ? earlier.promise : err('DUPLICATE', 'This requestId was already used for a different request');
    }
    const p = run();
    seen.set(key, fingerprint, p);
    return p;
  }

  async function send(actor: Actor, payload: unknown): Promise<Ack<AnnouncementView>> {
    const startedAt = now();
    const parsed = announceRequestSchema.safeParse(payload);
    if (!parsed.success) {
      const message = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
      const requestId = (payload as { requestId?: unknown } | null)?.requestId;
      const e = err('BAD_REQUEST', message);
      await audit(actor, 'announce', typeof requestId === 'string' ? requestId.slice(0, 64) : '', startedAt, [], {}, e);
      return e;
    }
    const { requestId, text, audience } = parsed.data;
    const floor = floorIndex(deps.agents);
    const resolved = resolve(audience, floor);
    const baseParams: AuditParams = { text, audience: audienceLabel(audience) };
    if ('ok' in resolved) {
      await audit(actor, 'announce', requestId, startedAt, [], baseParams, resolved);
      return resolved;
    }
    if (!can(actor, 'announce', audienceTarget(resolved.teams, audience))) {
      const e = err('FORBIDDEN', 'You may not send an announcement to this audience');
      await audit(actor, 'announce', requestId, startedAt, resolved.teams, baseParams, e);
      return e;
    }
    return once(actor, requestId, JSON.stringify([text, audience]), async () => {
      const taken = limiter.take(actor.id);
      if (!taken.ok) {
        const e = err('RATE_LIMITED', `Too many actions: try again in ${Math.ceil(taken.retryAfterMs / 1000)} s`);
        await audit(actor, 'announce', requestId, startedAt, resolved.teams, baseParams, e);
        return e;
      }
      const record: AnnouncementRecord = {
        id: newId(),
        text,
        audience,
        sender: auditActorOf(actor),
        createdAt: startedAt,
        recipients: resolved.extnos,
        recipientTeams: resolved.teams,
        sends: [],
        receipts: new Map(),
        acceptUntil: startedAt + windowMs,
      };
      const everyone = deps.floorAsEmptyList === true && audience.kind === 'floor';
      const outcome = await deliver(record, resolved.extnos, everyone ? [] : resolved.extnos);
      const params = { ...baseParams, recipients: resolved.extnos.length, announcement_id: record.id };
      await audit(actor, 'announce', requestId, startedAt, resolved.teams, params, outcome);
      return outcome.ok ? { ok: true, data: viewOf(record, floorIndex(deps.agents)) } : outcome;
    });
  }

  async function findRecord(id: string): Promise<AnnouncementRecord | undefined> {
    return open.get(id) ?? (await store.get(id));
  }

  function visible(actor: Actor, record: AnnouncementRecord): boolean {
    const scope = teamScope(actor);
    return scope === '*' || record.sender.id === actor.id || record.recipientTeams.some((t) => scope.includes(t));
  }

  async function resend(actor: Actor, id: string, payload: unknown): Promise<Ack<AnnouncementView>> {
    const startedAt = now();
    const parsed = resendRequestSchema.safeParse(payload);
    if (!parsed.success) {
      const e = err('BAD_REQUEST', 'requestId must be a UUID');
      await audit(actor, 'announce_resend', '', startedAt, [], { announcement_id: id.slice(0, 64) }, e);
      return e;
    }
    const { requestId } = parsed.data;
    const record = await findRecord(id);
    if (!record) {
      const e = err('NOT_FOUND', 'No such announcement');
      await audit(actor, 'announce_resend', requestId, startedAt, [], { announcement_id: id.slice(0, 64) }, e);
      return e;
    }
    const params: AuditParams = { announcement_id: record.id, text: record.text, audience: audienceLabel(record.audience) };
    if (!can(actor, 'announce_resend', audienceTarget(record.recipientTeams, record.audience))) {
      const e = err('FORBIDDEN', 'You may not resend this announcement');
      await audit(actor, 'announce_resend', requestId, startedAt, record.recipientTeams, params, e);
      return e;
    }
    return once(actor, requestId, JSON.stringify(['resend', id]), async () => {
      const missing = record.recipients.filter((x) => !record.receipts.has(x));
      if (missing.length === 0) {
        const e = err('NO_RECIPIENTS', 'Everyone has got this announcement');
        await audit(actor, 'announce_resend', requestId, startedAt, record.recipientTeams, params, e);
        return e;
      }
      const taken = limiter.take(actor.id);
      if (!taken.ok) {
        const e = err('RATE_LIMITED', `Too many actions: try again in ${Math.ceil(taken.retryAfterMs / 1000)} s`);
        await audit(actor, 'announce_resend', requestId, startedAt, record.recipientTeams, params, e);
        return e;
      }
      const outcome = await deliver(record, missing);
      await audit(actor, 'announce_resend', requestId, startedAt, record.recipientTeams, { ...params, recipients: missing.length }, outcome);
      return outcome.ok ? { ok: true, data: viewOf(record, floorIndex(deps.agents)) } : outcome;
    });
  }

  function onMessage(extno: string, msg: string, at: number): void {
    pruneOpen(at);
    const text = msg.trim();
    // The oldest open announcement this agent still lacks: the same text sent twice fills in order.
    for (const record of open.values()) {
      if (record.text !== text || record.receipts.has(extno) || !record.recipients.includes(extno)) continue;
      record.receipts.set(extno, at);
      markDirty(record.id);
      return;
    }
  }

  async function get(actor: Actor, id: string): Promise<Ack<AnnouncementView>> {
    if (!can(actor, 'announce_read', { kind: 'none' })) return err('FORBIDDEN', 'You may not read announcements');
    const record = await findRecord(id);
    if (!record || !visible(actor, record)) return err('NOT_FOUND', 'No such announcement');
    return { ok: true, data: viewOf(record, floorIndex(deps.agents)) };
  }

  async function list(actor: Actor, query: { limit: number; before?: number }): Promise<Ack<AnnouncementView[]>> {
    if (!can(actor, 'announce_read', { kind: 'none' })) return err('FORBIDDEN', 'You may not read announcements');
    const floor = floorIndex(deps.agents);
    const out: AnnouncementView[] = [];
    let before = query.before;
    // Page through the store until the actor's scope has filled the page (team leads see less).
    for (let round = 0; round < 20 && out.length < query.limit; round++) {
      const batch = await store.list({ limit: query.limit, ...(before === undefined ? {} : { before }) });
      for (const r of batch) if (visible(actor, r) && out.length < query.limit) out.push(viewOf(open.get(r.id) ?? r, floor));
      if (batch.length < query.limit) break;
      before = batch[batch.length - 1]!.createdAt;
    }
    return { ok: true, data: out };
  }

  function close(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return { send, resend, onMessage, get, list, close };
}
