/**
 * Alert history as CSV for Excel, the same way the audit export does it: UTF-8 with a BOM
 * (Excel reads Chinese team names as mojibake without it), CRLF rows, RFC 4180 quoting,
 * formula-looking cells neutralised, times in the centre's local time plus UTC.
 */
import type { AlertHistoryEntry } from '@/lib/alerts/types';
import { CSV_BOM, csvCell, localStamp } from '@/server/control/audit-csv';

export const ALERT_CSV_COLUMNS = [
  'time',
  'time_utc',
  'event',
  'alert_id',
  'rule_id',
  'kind',
  'severity',
  'level',
  'team',
  'extno',
  'agent_name',
  'agents',
  'message_zh',
  'message_en',
  'actor_id',
  'actor_name',
  'opened_at',
  'closed_at',
  'close_reason',
] as const;

function row(e: AlertHistoryEntry, timeZone: string | undefined): (string | number | null)[] {
  const a = e.alert;
  const s = a.subject;
  return [
    localStamp(e.at, timeZone),
    new Date(e.at).toISOString(),
    e.event,
    a.id,
    a.ruleId,
    a.kind,
    a.severity,
    s.kind,
    s.kind === 'floor' ? (a.teams === '*' ? '*' : a.teams.join(' ')) : s.team,
    s.kind === 'agent' ? s.extno : '',
    s.kind === 'agent' ? s.name : '',
    a.agents.join(' '),
    a.speech['zh-CN'],
    a.speech.en,
    e.actor?.id ?? '',
    e.actor?.name ?? '',
    localStamp(a.openedAt, timeZone),
    a.closedAt === null ? '' : localStamp(a.closedAt, timeZone),
    a.closeReason ?? '',
  ];
}

export function alertHistoryToCsv(entries: readonly AlertHistoryEntry[], options: { timeZone?: string } = {}): string {
  const lines = [ALERT_CSV_COLUMNS.join(',')];
  for (const e of entries) lines.push(row(e, options.timeZone).map(csvCell).join(','));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}
