/**
 * Small helpers shared by the auth and admin routes: JSON bodies through zod, answers with the
 * stable codes of lib/auth/errors.ts, and audit records in the control path's shape.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { AuditActor } from '@/lib/control/actor';
import type { AuditParams, AuditRecord, AuditResult } from '@/lib/control/audit';
import { AUTH_HTTP_STATUS, type AuthErrorCode, type AuthFailure } from '@/lib/auth/errors';
import type { AuthAuditAction, Principal } from '@/lib/auth/types';
import { HttpError, readJsonBody, sendJson } from '@/server/http/json';
import { firstIssueText } from '@/server/http/zod-text';
import { orderedId } from '@/server/control/ordered-id';

/** The control path's AuditRecord with the auth layer's actions (the lead widens AuditAction). */
export type AuthAuditRecord = Omit<AuditRecord, 'action'> & { action: AuthAuditAction };
export type AuditSink = (record: AuthAuditRecord) => void | Promise<void>;

const BODY_LIMIT = 16 * 1024;

export function ok(res: ServerResponse, data: unknown, status = 200): void {
  sendJson(res, status, { ok: true, data });
}

export function failWith(res: ServerResponse, f: Pick<AuthFailure, 'code' | 'message' | 'retryAfterSeconds'>): void {
  const headers: Record<string, string> = f.retryAfterSeconds !== undefined ? { 'retry-after': String(f.retryAfterSeconds) } : {};
  sendJson(res, AUTH_HTTP_STATUS[f.code], { ok: false, code: f.code, message: f.message, ...(f.retryAfterSeconds !== undefined ? { retryAfterSeconds: f.retryAfterSeconds } : {}) }, headers);
}

export function fail(res: ServerResponse, code: AuthErrorCode, message: string): void {
  failWith(res, { code, message });
}

/** The parsed body, or null after answering 400/413/415. */
export async function jsonBody<S extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: S): Promise<z.output<S> | null> {
  let read: Awaited<ReturnType<typeof readJsonBody>>;
  try {
    read = await readJsonBody(req, BODY_LIMIT);
  } catch (err) {
    if (err instanceof HttpError && err.status === 413) {
      fail(res, 'PAYLOAD_TOO_LARGE', err.message);
      return null;
    }
    throw err;
  }
  if (!read.ok) {
    fail(res, read.code, read.message);
    return null;
  }
  const body = read.body;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    fail(res, 'BAD_REQUEST', firstIssueText(parsed.error));
    return null;
  }
  return parsed.data;
}

export function auditActorOfPrincipal(p: Principal | null): AuditActor {
  if (!p) return { id: '', name: '(anonymous)', role: 'system' };
  if (p.kind === 'display') return { id: `display:${p.linkId}`, name: p.name, role: 'viewer' };
  return { id: p.actor.id, name: p.actor.name, role: p.actor.role };
}

export interface AuditInput {
  actor: AuditActor;
  action: AuthAuditAction;
  result: AuditResult;
  params?: AuditParams;
  code?: string;
  reason?: string;
  startedAt: number;
  now: number;
}

/** Team '' keeps these rows out of a team lead's scoped audit view (they are not about agents). */
export function auditRecord(input: AuditInput): AuthAuditRecord {
  return {
    id: orderedId(),
    at: input.startedAt,
    actor: input.actor,
    action: input.action,
    target: { extno: '', team: '' },
    params: input.params ?? {},
    statusBefore: null,
    result: input.result,
    ...(input.code ? { code: input.code } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    requestId: randomUUID(),
    durationMs: Math.max(0, input.now - input.startedAt),
  };
}
