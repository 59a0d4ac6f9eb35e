/**
 * Audit export as CSV for Excel: UTF-8 with a BOM (without it Excel reads Chinese names as
 * mojibake), CRLF line ends, RFC 4180 quoting, times in the centre's local time, and cells
 * that Excel would run as a formula (= + - @ at the start) prefixed with an apostrophe.
 */
import { localStamp as centreStamp } from '@/lib/domain/day';
import type { Queryable } from '../db';
import { queryAudit, type AuditFilter, type AuditRow } from './audit';

export const CSV_BOM = '\uFEFF';

const COLUMNS: readonly [string, (r: AuditRow, fmt: (ms: number) => string) => unknown][] = [
  ['time', (r, fmt) => fmt(r.at)],
  ['actor_id', (r) => r.actorId],
  ['actor_name', (r) => r.actorName],
  ['actor_role', (r) => r.actorRole],
  ['action', (r) => r.action],
  ['target_extno', (r) => r.targetExtno],
  ['target_team', (r) => r.targetTeam],
  ['target_session_id', (r) => r.targetSessionId],
  ['params', (r) => JSON.stringify(r.params)],
  ['status_before', (r) => r.statusBefore],
  ['result', (r) => r.result],
  ['code', (r) => r.code],
  ['reason', (r) => r.reason],
  ['request_id', (r) => r.requestId],
  ['duration_ms', (r) => r.durationMs],
];

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `YYYY-MM-DD HH:mm:ss` in `timeZone` (the call system's own stamp format). */
export function localStamp(timeZone: string): (ms: number) => string {
  return (ms) => centreStamp(ms, timeZone);
}

/**
 * The CSV in chunks (header first, BOM on the first chunk), paging through the table so an
 * export of a busy quarter never holds all rows in memory. Newest first, like the screen.
 */
export async function* exportAuditCsv(
  q: Queryable,
  filter: AuditFilter,
  options: { timeZone: string; pageSize?: number },
): AsyncGenerator<string> {
  const fmt = localStamp(options.timeZone);
  yield `${CSV_BOM}${COLUMNS.map(([name]) => name).join(',')}\r\n`;
  let cursor: string | null = null;
  do {
    const page = await queryAudit(q, filter, { limit: options.pageSize ?? 1000, cursor });
    if (page.rows.length > 0) {
      yield page.rows.map((r) => COLUMNS.map(([, get]) => csvCell(get(r, fmt))).join(',') + '\r\n').join('');
    }
    cursor = page.nextCursor;
  } while (cursor);
}
