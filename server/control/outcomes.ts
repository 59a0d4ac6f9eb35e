/**
 * From a call-system outcome to what the user and the audit trail see, and the masking of
 * action parameters for the audit trail. One table, so the REST and Socket.IO surfaces and
 * the announcements all say the same thing for the same outcome.
 */
import type { ActionRequest } from '@/lib/control/actions';
import type { AuditParams, AuditResult } from '@/lib/control/audit';
import type { ControlErrorCode } from '@/lib/control/errors';
import { maskPhone } from '@/lib/domain/customer';
import { assertNever } from '@/lib/domain/status';
import type { CallResult } from './call-system-client';
import type { TargetCall } from './floor-read';

export interface FailedOutcome {
  result: Exclude<AuditResult, 'ok'>;
  code: ControlErrorCode;
  /** Safe to show: secrets and phone numbers already removed by the client. */
  reason: string;
  message: string;
}

export function failureOf(r: Exclude<CallResult, { outcome: 'ok' }>): FailedOutcome {
  switch (r.outcome) {
    case 'refused':
      return { result: 'refused', code: 'CALL_SYSTEM_REFUSED', reason: r.reason, message: `The call system refused: ${r.reason}` };
    case 'unreachable':
      return {
        result: 'failed',
        code: 'CALL_SYSTEM_UNREACHABLE',
        reason: r.reason,
        message: `The call system could not be reached; nothing was done (${r.reason})`,
      };
    case 'failed':
      return { result: 'failed', code: 'CALL_SYSTEM_ERROR', reason: r.reason, message: `The call system's answer could not be read (${r.reason})` };
    case 'unknown':
      return {
        result: 'unknown',
        code: 'OUTCOME_UNKNOWN',
        reason: r.reason,
        message: 'No answer from the call system in time: the action may or may not have happened. Check the board before trying again.',
      };
    default:
      return assertNever(r, 'call outcome');
  }
}

/** Parameters as the audit trail keeps them: numbers masked, SMS text kept, record ids kept. */
export function auditParamsOf(req: ActionRequest, call: TargetCall | null): AuditParams {
  switch (req.action) {
    case 'logout':
      return { mode: req.params.mode };
    case 'meeting':
      return { tel: maskPhone(req.params.tel) };
    case 'send_sms':
      return { msg: req.params.msg, telephone: call ? maskPhone(call.telephone) : null };
    case 'add_black':
      return { info_uuid: call?.recordUuid ?? null };
    case 'logon':
    case 'next_call':
    case 'hold':
    case 'get_msg':
    case 'cancel_signout':
      return {};
    default:
      return assertNever(req, 'action');
  }
}

/** The audit result each error code is recorded as. */
export const AUDIT_RESULT_BY_CODE: Readonly<Record<ControlErrorCode, Exclude<AuditResult, 'ok'>>> = {
  BAD_REQUEST: 'invalid',
  UNAUTHORIZED: 'denied',
  UNKNOWN_AGENT: 'invalid',
  NO_OPEN_CALL: 'invalid',
  NO_PENDING_SIGNOUT: 'invalid',
  FORBIDDEN: 'denied',
  RATE_LIMITED: 'denied',
  DUPLICATE: 'invalid',
  CALL_SYSTEM_REFUSED: 'refused',
  CALL_SYSTEM_UNREACHABLE: 'failed',
  CALL_SYSTEM_ERROR: 'failed',
  OUTCOME_UNKNOWN: 'unknown',
  NO_RECIPIENTS: 'invalid',
  NOT_FOUND: 'invalid',
  PAYLOAD_TOO_LARGE: 'invalid',
  UNSUPPORTED_MEDIA_TYPE: 'invalid',
  INTERNAL: 'failed',
};
