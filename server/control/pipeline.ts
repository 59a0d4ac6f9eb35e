/**
 * The control pipeline (house style 8): one action on one agent, as named steps
 *
 *   validate -> resolve target -> authorize -> dedupe -> check target -> rate limit
 *            -> call (or a local change) -> apply to the floor -> audit -> ack
 *
 * Every path ends in `finish`, which writes the audit row, so refusals, failures, denials and
 * invalid payloads leave proof too. The actor is a parameter from the server-side session;
 * nothing in the payload can change who acts or which team the target is in.
 * Behaviour rules C1-C14 in docs/control-api.md.
 */
import type { z } from 'zod';
import { AGENT_ACTIONS, NEEDS_CALL, actionRequestSchema, isAgentAction, type ActionOk, type ActionRequest } from '@/lib/control/actions';
import { auditActorOf, type Actor, type AuditActor } from '@/lib/control/actor';
import type { AuditAction, AuditParams, AuditRecord } from '@/lib/control/audit';
import type { ControlErrorCode } from '@/lib/control/errors';
import { assertNever } from '@/lib/domain/status';
import type { Ack } from '@/lib/protocol';
import type { Logger } from '@/server/log';
import type { FloorEvent } from '@/server/state/types';
import type { AuditStore } from './audit';
import type { CallResult, CallSystemClient } from './call-system-client';
import type { AgentTarget, ReadAgent } from './floor-read';
import { IdempotencyCache, type IdempotencyOptions } from './idempotency';
import { auditParamsOf, failureOf, type FailedOutcome } from './outcomes';
import { PendingSignOuts, type SystemSignOut } from './pending-signout';
import { defaultCan, type Can } from './permissions';
import { TokenBucketLimiter } from './rate-limit';
import { redactSecrets } from './redact';
import { orderedId } from './ordered-id';

export type ControlFloorEvent = Extract<FloorEvent, { type: 'control' }>;

export interface PipelineDeps {
  client: CallSystemClient;
  /** The live floor: the target's status, team, open call and token. */
  agent: ReadAgent;
  /** Applies a `control` FloorEvent through the reducer (pending sign-out, hold flag). */
  applyControl: (event: ControlFloorEvent) => void;
  audit: AuditStore;
  can?: Can;
  /** Share one limiter with announcements so a user's budget covers both. */
  rateLimiter?: TokenBucketLimiter;
  idempotency?: IdempotencyOptions;
  pending?: PendingSignOuts;
  now?: () => number;
  newId?: () => string;
  logger?: Logger;
  /** Called with the code of every refused action (e.g. metrics.badRequests). */
  onError?: (code: ControlErrorCode) => void;
}

/**
 * Pending sign-outs another process holds (a web node of a cluster, rule CL7): what
 * `cancel_signout` asks when this process holds no request for the agent but the floor shows one.
 */
export interface PendingElsewhere {
  /**
   * 'cancelled': the holder had the request and dropped it; 'gone': the holder is dead, the flag
   * was cleared; 'none': nobody holds one. Rejects when the holder did not answer in time.
   */
  cancel(extno: string): Promise<'cancelled' | 'gone' | 'none'>;
}

export interface ControlPipeline extends SystemSignOut {
  /** Run one action. Never throws: every outcome is an ack (and an audit row). */
  act(actor: Actor, payload: unknown): Promise<Ack<ActionOk>>;
  /** Where `cancel_signout` looks when the request is not held here (set once the cluster is up). */
  setPendingElsewhere(elsewhere: PendingElsewhere | null): void;
}

type Outcome = { ok: true; data: unknown } | ({ ok: false } & FailedOutcome);

interface Ctx {
  actor: AuditActor;
  requestId: string;
  action: AuditAction;
  extno: string;
  receivedAt: number;
  target?: AgentTarget;
  params: AuditParams;
}

const fail = (result: FailedOutcome['result'], code: ControlErrorCode, message: string): Outcome => ({
  ok: false,
  result,
  code,
  reason: message,
  message,
});

export function createControlPipeline(deps: PipelineDeps): ControlPipeline {
  const can = deps.can ?? defaultCan;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => orderedId());
  const limiter = deps.rateLimiter ?? new TokenBucketLimiter({ now });
  const seen = new IdempotencyCache<Ack<ActionOk>>({ now, ...deps.idempotency });
  const pending = deps.pending ?? new PendingSignOuts();
  let elsewhere: PendingElsewhere | null = null;

  function apply(extno: string, change: ControlFloorEvent['change']): void {
    try {
      deps.applyControl({ type: 'control', extno, change });
    } catch (err) {
      // The action has happened; a board that lags is better than a lost audit row.
      deps.logger?.error({ err, extno }, 'applyControl failed');
    }
  }

  function clearPending(extno: string): void {
    if (pending.delete(extno)) apply(extno, { pendingSignOut: false });
  }

  async function finish(ctx: Ctx, outcome: Outcome): Promise<Ack<ActionOk>> {
    const auditId = newId();
    const record: AuditRecord = {
      id: auditId,
      at: ctx.receivedAt,
      actor: ctx.actor,
      action: ctx.action,
      target: { extno: ctx.extno, team: ctx.target?.team ?? '', ...(ctx.target?.call ? { sessionId: ctx.target.call.sessionId } : {}) },
      params: ctx.params,
      statusBefore: ctx.target?.status ?? null,
      result: outcome.ok ? 'ok' : outcome.result,
      ...(outcome.ok ? {} : { code: outcome.code, reason: redactSecrets(outcome.reason, [ctx.target?.token]) }),
      requestId: ctx.requestId,
      durationMs: Math.max(0, now() - ctx.receivedAt),
    };
    try {
      await deps.audit.append(record);
    } catch (err) {
      deps.logger?.error({ err, auditId }, 'audit append failed');
    }
    deps.logger?.info(
      {
        actor: ctx.actor.id,
        action: ctx.action,
        extno: ctx.extno,
        result: record.result,
        code: record.code,
        requestId: ctx.requestId,
        durationMs: record.durationMs,
      },
      'control action',
    );
    if (!outcome.ok) {
      deps.onError?.(outcome.code);
      return { ok: false, code: outcome.code, message: redactSecrets(outcome.message, [ctx.target?.token]) };
    }
    return {
      ok: true,
      data: { requestId: ctx.requestId, action: ctx.action, extno: ctx.extno, auditId, data: outcome.data } as ActionOk,
    };
  }

  /** Step "check target": what the live floor must allow before anything is sent. */
  function checkTarget(req: ActionRequest, target: AgentTarget): Outcome | null {
    const need = NEEDS_CALL[req.action];
    if (need === 'in_progress' && (!target.call || target.call.ended)) {
      return fail('invalid', 'NO_OPEN_CALL', `${req.action} needs a call in progress on ${req.extno}`);
    }
    if (need === 'open_record' && !target.call) {
      return fail('invalid', 'NO_OPEN_CALL', `${req.action} needs an open call record on ${req.extno}`);
    }
    // A flag this process holds no request for may be another web node's (CL7): asked in perform.
    if (req.action === 'cancel_signout' && !pending.get(req.extno) && !(elsewhere && target.pendingSignOut)) {
      return fail('invalid', 'NO_PENDING_SIGNOUT', `${req.extno} has no pending sign-out`);
    }
    return null;
  }

  function fromCall<T>(r: CallResult<T>, onOk: (data: T) => unknown): Outcome {
    return r.outcome === 'ok' ? { ok: true, data: onOk(r.data) } : { ok: false, ...failureOf(r) };
  }

  /** Step "call": the one request to the call system, or a change only Floorboard knows. */
  async function perform(ctx: Ctx, req: ActionRequest, target: AgentTarget): Promise<Outcome> {
    const { token, extno } = target;
    const c = deps.client;
    switch (req.action) {
      case 'logon':
        return fromCall(await c.logon(token, extno), () => ({}));
      case 'logout':
        if (req.params.mode === 'after_call' && target.status === 'on_call') {
          pending.set(extno, { by: ctx.actor, requestId: ctx.requestId, at: ctx.receivedAt });
          apply(extno, { pendingSignOut: true });
          return { ok: true, data: { mode: 'after_call', pendingSignOut: true } };
        }
        // Not on a call: "after this call" has nothing to wait for.
        return fromCall(await c.logout(token, extno), () => {
          clearPending(extno);
          return { mode: 'now', pendingSignOut: false };
        });
      case 'next_call':
        return fromCall(await c.nextCall(token), () => ({}));
      case 'hold': {
        // The call system has no un-hold: hold toggles, and only Floorboard tracks the flag.
        const held = !(target.call?.held ?? false);
        return fromCall(await c.hold(token), () => {
          apply(extno, { held });
          return { held };
        });
      }
      case 'meeting':
        return fromCall(await c.meeting(token, req.params.tel), () => ({}));
      case 'add_black':
        return fromCall(await c.addBlack(token, target.call!.recordUuid), () => ({}));
      case 'get_msg':
        return fromCall(await c.getMsg(token), (template) => ({ template }));
      case 'send_sms':
        return fromCall(await c.sendSms(token, target.call!.telephone, req.params.msg), () => ({}));
      case 'cancel_signout':
        if (!pending.get(extno) && elsewhere) return cancelElsewhere(elsewhere, extno);
        clearPending(extno);
        return { ok: true, data: { pendingSignOut: false } };
      default:
        return assertNever(req, 'action');
    }
  }

  async function cancelElsewhere(holder: PendingElsewhere, extno: string): Promise<Outcome> {
    try {
      const r = await holder.cancel(extno);
      if (r === 'none') return fail('invalid', 'NO_PENDING_SIGNOUT', `${extno} has no pending sign-out`);
      return { ok: true, data: { pendingSignOut: false } };
    } catch (err) {
      deps.logger?.warn({ extno, err: err instanceof Error ? err.message : String(err) }, 'pending sign-out held elsewhere: no answer');
      return fail('unknown', 'OUTCOME_UNKNOWN', `The server holding the sign-out of ${extno} did not answer: it may still happen`);
    }
  }

  /** The steps after dedupe. `cacheable`: whether a re-send of this request id should get this answer. */
  async function carryOut(ctx: Ctx, req: ActionRequest, target: AgentTarget, system: boolean) {
    const refused = checkTarget(req, target);
    if (refused) return { ack: await finish(ctx, refused), cacheable: false };
    if (!system) {
      const taken = limiter.take(ctx.actor.id);
      if (!taken.ok) {
        const seconds = Math.ceil(taken.retryAfterMs / 1000);
        return { ack: await finish(ctx, fail('denied', 'RATE_LIMITED', `Too many actions: try again in ${seconds} s`)), cacheable: false };
      }
    }
    let outcome: Outcome;
    try {
      outcome = await perform(ctx, req, target);
    } catch (err) {
      deps.logger?.error({ err, action: req.action, extno: req.extno }, 'control action threw');
      outcome = fail('failed', 'INTERNAL', 'Internal error: see the server log');
    }
    return { ack: await finish(ctx, outcome), cacheable: true };
  }

  async function act(actor: Actor, payload: unknown): Promise<Ack<ActionOk>> {
    const receivedAt = now();
    const auditActor = auditActorOf(actor);
    // validate
    const parsed = actionRequestSchema.safeParse(payload);
    if (!parsed.success) {
      return finish(rawCtx(auditActor, payload, receivedAt), fail('invalid', 'BAD_REQUEST', zodMessage(parsed.error, payload)));
    }
    const req = parsed.data;
    const ctx: Ctx = { actor: auditActor, requestId: req.requestId, action: req.action, extno: req.extno, receivedAt, params: {} };
    // resolve target
    const target = deps.agent(req.extno);
    if (!target) return finish(ctx, fail('invalid', 'UNKNOWN_AGENT', `${req.extno} is not on the roster`));
    ctx.target = target;
    ctx.params = auditParamsOf(req, target.call);
    // authorize
    if (!can(actor, req.action, { kind: 'agent', extno: req.extno, team: target.team })) {
      return finish(ctx, fail('denied', 'FORBIDDEN', `You may not ${req.action} on ${req.extno}`));
    }
    // dedupe: per actor, so nobody can read another user's result by replaying their id
    const key = `${actor.id}\u0000${req.requestId}`;
    const fingerprint = JSON.stringify([req.action, req.extno, req.params]);
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.fingerprint === fingerprint) return earlier.promise;
      return finish(ctx, fail('invalid', 'DUPLICATE', 'This requestId was already used for a different action'));
    }
    const run = carryOut(ctx, req, target, false);
    seen.set(
      key,
      fingerprint,
      run.then((r) => r.ack),
    );
    const { ack, cacheable } = await run;
    if (!cacheable) seen.delete(key);
    return ack;
  }

  async function signOutAsSystem(extno: string, onBehalfOf: AuditActor): Promise<Ack<ActionOk>> {
    const receivedAt = now();
    const request = pending.get(extno);
    const ctx: Ctx = {
      actor: { id: 'system', name: `system (pending sign-out by ${onBehalfOf.name})`, role: 'system' },
      requestId: newId(),
      action: 'logout',
      extno,
      receivedAt,
      params: { mode: 'now', on_behalf_of: onBehalfOf.id, pending_request_id: request?.requestId ?? null },
    };
    const target = deps.agent(extno);
    // One attempt only: the flag goes whatever happens, and the audit row says how it went.
    clearPending(extno);
    if (!target) return finish(ctx, fail('invalid', 'UNKNOWN_AGENT', `${extno} is not on the roster`));
    ctx.target = target;
    const req: ActionRequest = { action: 'logout', extno, requestId: ctx.requestId, params: { mode: 'now' } };
    return (await carryOut(ctx, req, target, true)).ack;
  }

  return {
    act,
    signOutAsSystem,
    clearPending,
    pending,
    setPendingElsewhere(next) {
      elsewhere = next;
    },
  };
}

/** An audit context for a payload that failed validation: only fields that are safe to keep. */
function rawCtx(actor: AuditActor, payload: unknown, receivedAt: number): Ctx {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const str = (v: unknown, re: RegExp) => (typeof v === 'string' && re.test(v) ? v : '');
  const action = typeof p.action === 'string' && isAgentAction(p.action) ? p.action : 'unknown';
  return {
    actor,
    requestId: str(p.requestId, /^[0-9A-Za-z-]{1,64}$/),
    action,
    extno: str(p.extno, /^[0-9A-Za-z_.-]{1,32}$/),
    receivedAt,
    params: {},
  };
}

/** A validation message that names fields but never echoes values (they may hold personal data). */
function zodMessage(error: z.ZodError, payload: unknown): string {
  const action = (payload as { action?: unknown } | null)?.action;
  if (typeof action !== 'string' || !isAgentAction(action)) {
    return `action: must be one of ${AGENT_ACTIONS.join(', ')}`;
  }
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
    .join('; ');
}
