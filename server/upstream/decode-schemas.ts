/**
 * zod schemas for the monitor socket's frames (docs/call-system-api.md, section 1).
 * Strict about what Floorboard uses, lenient about additions: unknown properties are
 * stripped (zod's default), never a reason to reject (docs/behaviour-rules.md, D3).
 */
import { z } from 'zod';
import { parseHms } from '@/lib/domain/time';
import type { RejectReason } from './frames';

/** Any string the doc names, except `msg` and `info.fields`, which have their own limits. */
export const MAX_STRING_CHARS = 1000;
export const MAX_MSG_CHARS = 4000;

const str = z.string().max(MAX_STRING_CHARS);

/**
 * A string the sender may leave out: a missing or null value reads as '' (JSON from the
 * call system's PHP/Go side often has null for empty), a present one must be a string.
 */
const optStr = str.nullish().transform((v) => v ?? '');

/**
 * Numeric ids: the doc's table says string, its example shows numbers: accept both, as
 * safe integers (a numeric string of at most 15 digits cannot lose precision).
 */
const numericId = z.union([
  z.number().int().refine(Number.isSafeInteger, 'not a safe integer'),
  str.regex(/^-?\d{1,15}$/, 'not an integer')
    .transform(Number),
]);
const optId = numericId.nullish().transform((v) => v ?? 0);

export const NoticeSchema = z.object({
  method: z.literal('notice'),
  status: z.number().int().min(0).max(3),
  /** Converted to seconds here so the format is parsed once (parseHms is shared with the board). */
  time: z
    .string()
    .max(16)
    .transform(parseHms)
    .pipe(z.number({ error: 'not H:MM:SS' })),
});

export const MessageSchema = z.object({
  method: z.literal('message'),
  msg: z.string().max(MAX_MSG_CHARS),
});

/** The outer info frame; `info` itself (object or JSON string) is checked by InfoRecordSchema. */
export const InfoOuterSchema = z.object({
  method: z.literal('info'),
  sessionId: str.min(1),
  city: optStr,
  extno: optStr,
  info: z.unknown().optional(),
});

/**
 * The customer record. `uuid` (addBlack's key) and `telephone` (what the tile shows, masked)
 * are required; the rest default to '' or 0 when absent or null. `fields` is decoded by
 * decode-fields.ts, which never rejects.
 */
export const InfoRecordSchema = z.object({
  uuid: str,
  telephone: str,
  name: optStr,
  admin_id: optId,
  project_id: optId,
  task_id: optId,
  status: optId,
  group: optStr,
  extno: optStr,
  edit_stamp: optStr,
  import_stamp: optStr,
  fields: z.unknown().optional(),
});

/** Which reject reason a zod issue stands for, by the field it is about. */
/** An over-long string, also inside any branch of a union (a numeric id may be a string). */
function isTooLongString(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'too_big') return issue.origin === 'string';
  return issue.code === 'invalid_union' && issue.errors.some((branch) => branch.some(isTooLongString));
}

export function reasonForIssue(issue: z.core.$ZodIssue, fieldReasons: Readonly<Record<string, RejectReason>>): RejectReason {
  if (isTooLongString(issue)) return 'too_long';
  const key = issue.path[0];
  return (typeof key === 'string' ? fieldReasons[key] : undefined) ?? 'bad_field';
}

/** `path: message` of a zod issue, without the offending value (it may be personal data). */
export function describeIssue(issue: z.core.$ZodIssue, prefix = ''): string {
  const path = issue.path.map(String).join('.');
  return `${prefix}${path === '' ? '(root)' : path}: ${issue.message}`;
}
