/**
 * The audit trail's record shape and query (what GET /api/audit returns).
 * Shared by server and browser: no node:* imports here.
 */
import '@/lib/zod-jitless';
import { z } from 'zod';
import type { AgentStatus } from '@/lib/domain/status';
import { AUTH_AUDIT_ACTIONS } from '@/lib/auth/types';
import { AGENT_ACTIONS } from './actions';
import type { AuditActor } from './actor';

/**
 * `unknown`: a payload whose action could not even be read (audited as invalid).
 * `settings_update`: a change of the settings (PUT /api/settings/thresholds).
 */
export const AUDIT_ACTIONS = [...AGENT_ACTIONS, 'announce', 'announce_resend', ...AUTH_AUDIT_ACTIONS, 'settings_update', 'unknown'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * - ok: done; refused: the call system said no; failed: unreachable or an unreadable answer;
 * - unknown: no answer in time (may have happened); denied: permission or rate limit;
 * - invalid: bad payload, unknown agent, or the agent's state does not allow it.
 */
export const AUDIT_RESULTS = ['ok', 'refused', 'failed', 'unknown', 'denied', 'invalid'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Parameter values as recorded: personal data already masked. */
export type AuditParams = Record<string, string | number | boolean | null>;

export interface AuditRecord {
  id: string;
  /** Epoch ms when the action was received. */
  at: number;
  actor: AuditActor;
  action: AuditAction;
  /** For announcements: extno '' and team the audience described ('*' for the floor). */
  target: { extno: string; team: string; sessionId?: string };
  params: AuditParams;
  /** The agent's status when the action was taken (null: unknown agent or an announcement). */
  statusBefore: AgentStatus | null;
  result: AuditResult;
  code?: string;
  reason?: string;
  requestId: string;
  durationMs: number;
}

const epochOrIso = z.union([
  z.coerce.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

/** GET /api/audit query parameters (strings from the URL). */
export const auditQuerySchema = z.strictObject({
  actor: z.string().trim().min(1).max(100).optional(),
  extno: z.string().trim().min(1).max(32).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  from: epochOrIso.optional(),
  to: epochOrIso.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type AuditQueryInput = z.input<typeof auditQuerySchema>;

export interface AuditPage {
  /** Newest first. */
  records: AuditRecord[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}
