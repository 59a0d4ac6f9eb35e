/**
 * Stable error codes of the control path (house style 7: tests and the browser branch on codes,
 * never on message text). Shared by server and browser: no node:* imports here.
 */

export const CONTROL_ERROR_CODES = [
  /** The payload failed validation (zod); the message names the field. */
  'BAD_REQUEST',
  /** No session, or the session has expired (the same code the realtime layer uses). */
  'UNAUTHORIZED',
  /** The extension is not on the roster. */
  'UNKNOWN_AGENT',
  /** hold / meeting need a call in progress; add_black / send_sms need an open call record. */
  'NO_OPEN_CALL',
  /** cancel_signout with no pending sign-out. */
  'NO_PENDING_SIGNOUT',
  /** The actor's role or team scope does not allow this action on this target. */
  'FORBIDDEN',
  /** Too many actions by this user in a short time (token bucket). */
  'RATE_LIMITED',
  /** The request id was already used for a different action or target. */
  'DUPLICATE',
  /** The call system answered with a non-zero code; the message carries its reason. */
  'CALL_SYSTEM_REFUSED',
  /** The call system could not be reached (connection refused, DNS, 502/503/504): nothing happened. */
  'CALL_SYSTEM_UNREACHABLE',
  /** The call system answered something we cannot read (non-JSON, wrong shape, other HTTP errors). */
  'CALL_SYSTEM_ERROR',
  /** No answer in time: the action may or may not have happened. It is never retried blindly. */
  'OUTCOME_UNKNOWN',
  /** An announcement audience that resolves to no agent. */
  'NO_RECIPIENTS',
  /** An announcement id that does not exist. */
  'NOT_FOUND',
  /** The HTTP body is too large. */
  'PAYLOAD_TOO_LARGE',
  /** The HTTP body is not JSON. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** A bug on our side; the audit row and the log say more. */
  'INTERNAL',
] as const;
export type ControlErrorCode = (typeof CONTROL_ERROR_CODES)[number];

/** HTTP status for each code on the REST surface (the Socket.IO surface carries the code only). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ControlErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  UNKNOWN_AGENT: 404,
  NO_OPEN_CALL: 409,
  NO_PENDING_SIGNOUT: 409,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  DUPLICATE: 409,
  CALL_SYSTEM_REFUSED: 422,
  CALL_SYSTEM_UNREACHABLE: 502,
  CALL_SYSTEM_ERROR: 502,
  OUTCOME_UNKNOWN: 504,
  NO_RECIPIENTS: 422,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
};

export interface ControlError {
  ok: false;
  code: ControlErrorCode;
  message: string;
}

export function controlError(code: ControlErrorCode, message: string): ControlError {
  return { ok: false, code, message };
}
