/**
 * The audit trail as CSV for Excel: UTF-8 with a BOM (without it Excel decodes Chinese names
 * as the ANSI code page), CRLF rows, RFC 4180 quoting, and formula neutralising: a cell that
 * starts with = + - @ is prefixed with ' so a crafted SMS text cannot run as a formula.
 */
import type { AuditRecord } from '@/lib/control/audit';
import { localStamp } from '@/lib/domain/day';

export const CSV_BOM = '\uFEFF';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'time',
  'time_utc',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'extno',
  'team',
  'session_id',
  'params',
  'status_before',
  'result',
  'code',
  'reason',
  'request_id',
  'duration_ms',
] as const;

/** Re-exported for the CSV writers here and in server/alerts; one formatter lives in lib/domain/day.ts. */
export { localStamp };

export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditToCsv(records: readonly AuditRecord[], options: { timeZone?: string; bom?: boolean } = {}): string {
  const rows = [AUDIT_CSV_COLUMNS.join(',')];
  for (const r of records) {
    rows.push(
      [
        r.id,
        localStamp(r.at, options.timeZone),
        new Date(r.at).toISOString(),
        r.actor.id,
        r.actor.name,
        r.actor.role,
        r.action,
        r.target.extno,
        r.target.team,
        r.target.sessionId,
        JSON.stringify(r.params),
        r.statusBefore,
        r.result,
        r.code,
        r.reason,
        r.requestId,
        r.durationMs,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${options.bom === false ? '' : CSV_BOM}${rows.join('\r\n')}\r\n`;
}
