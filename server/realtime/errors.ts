/**
 * Building failed acks and connect errors with the stable codes of lib/protocol.ts.
 */
import type { RealtimeErrorCode } from '@/lib/protocol';

export interface Failure {
  ok: false;
  code: RealtimeErrorCode;
  message: string;
}

export function fail(code: RealtimeErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

/** A middleware error the browser receives as `connect_error` with `err.data.code`. */
export function connectError(code: RealtimeErrorCode, message: string): Error & { data: { code: RealtimeErrorCode } } {
  return Object.assign(new Error(message), { data: { code } });
}
