/**
 * The trust boundary of the live path: an untrusted monitor-socket frame in, a typed
 * UpstreamFrame or a stable reject reason out (docs/behaviour-rules.md, section D).
 * Never throws: the link counts rejects by reason and logs `detail`, which quotes at most
 * ~200 characters of the frame.
 */
import { Buffer } from 'node:buffer';
import type { StatusCode } from '@/lib/domain/status';
import { fastNotice } from './decode-fast-notice';
import { frameText, jsonTooDeep, sample } from './decode-guards';
import { decodeInfo } from './decode-info';
import { MessageSchema, NoticeSchema, describeIssue, reasonForIssue } from './decode-schemas';
import type { DecodeResult } from './frames';

const NOTICE_REASONS = { status: 'bad_status', time: 'bad_time' } as const;
const MESSAGE_REASONS = {} as const;

/** Decode one WebSocket message as ws delivers it (`data`, `isBinary`). */
export function decodeFrame(data: string | Buffer | ArrayBuffer | Buffer[], isBinary: boolean): DecodeResult {
  // The tick notice straight from the bytes ws hands over (D10): no string, no parse.
  if (!isBinary && (typeof data === 'string' || Buffer.isBuffer(data))) {
    const fast = fastNotice(data);
    if (fast !== null) return fast;
  }
  const t = frameText(data, isBinary);
  if (!t.ok) return t;
  return decodeText(t.text);
}

/** The full path (no fast path): exported so tests can check both paths agree. */
export function decodeText(text: string): DecodeResult {
  // Nesting is bounded before anything is built from the text.
  if (jsonTooDeep(text)) return { ok: false, reason: 'too_deep', detail: 'frame nests too deeply' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'bad_json', detail: `not JSON: ${sample(text)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'not_object', detail: `JSON ${parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed}, not an object` };
  }
  // An own property only: `{"__proto__":{"method":"notice"}}` must not dispatch.
  const method = Object.hasOwn(parsed, 'method') ? (parsed as { method?: unknown }).method : undefined;
  switch (method) {
    case 'notice':
      return decodeNotice(parsed);
    case 'message':
      return decodeMessage(parsed);
    case 'info':
      return decodeInfo(parsed);
    default:
      return { ok: false, reason: 'unknown_method', detail: `method ${method === undefined ? 'missing' : sample(method)}` };
  }
}

function decodeNotice(obj: object): DecodeResult {
  const r = NoticeSchema.safeParse(obj);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    // A bad time is reported as bad_time whatever its length: the field has a format, not a length limit.
    const reason = issue.path[0] === 'time' ? 'bad_time' : reasonForIssue(issue, NOTICE_REASONS);
    const got = issue.path[0] === 'status' || issue.path[0] === 'time' ? ` (got ${sample((obj as Record<string, unknown>)[issue.path[0]])})` : '';
    return { ok: false, reason, detail: describeIssue(issue, 'notice ') + got };
  }
  return { ok: true, frame: { method: 'notice', status: r.data.status as StatusCode, timeSeconds: r.data.time } };
}

function decodeMessage(obj: object): DecodeResult {
  const r = MessageSchema.safeParse(obj);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, reason: reasonForIssue(issue, MESSAGE_REASONS), detail: describeIssue(issue, 'message ') };
  }
  return { ok: true, frame: { method: 'message', msg: r.data.msg } };
}
