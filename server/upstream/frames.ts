/**
 * Typed monitor-socket frames, as they leave the decoder (server/upstream/decode.ts).
 * Everything here has been validated: the reducer trusts these types.
 */
import type { CustomerRecord } from '@/lib/domain/customer';
import type { StatusCode } from '@/lib/domain/status';

export interface NoticeFrame {
  method: 'notice';
  status: StatusCode;
  /** `time` converted to seconds: how long the agent has been in the current state. */
  timeSeconds: number;
}

export interface MessageFrame {
  method: 'message';
  msg: string;
}

export interface InfoFrame {
  method: 'info';
  sessionId: string;
  /** `省-市`, where the caller's number is registered. */
  city: string;
  /** The agent taking the call (the outer `extno`). */
  extno: string;
  record: CustomerRecord;
}

export type UpstreamFrame = NoticeFrame | MessageFrame | InfoFrame;

/** Why a frame was rejected: stable codes, used as metric labels. */
export const REJECT_REASONS = [
  'not_text',
  'too_large',
  'bad_json',
  'not_object',
  'too_deep',
  'unknown_method',
  'bad_status',
  'bad_time',
  'bad_field',
  'bad_info',
  /** A string over its length limit (msg 4000, fields 32 KiB UTF-8, any other 1000). */
  'too_long',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type DecodeResult =
  | { ok: true; frame: UpstreamFrame }
  | { ok: false; reason: RejectReason; detail: string };
