/**
 * The history tables as CSV for Excel: UTF-8 with a BOM, CRLF, RFC 4180 quoting and formula
 * neutralising (the audit CSV's cell writer), times in the centre's zone, durations in whole
 * seconds and ratios as percentages with one decimal. Headers in English, or in Chinese for
 * `?lang=zh-CN` (the same words as the page, from lib/i18n).
 */
import type { HistoryAgentRow, HistoryInterval } from '@/lib/history/types';
import { createTranslator, type MessageKey } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';
import { CSV_BOM, csvCell, localStamp } from '@/server/control/audit-csv';

type Cell = string | number | null;

function seconds(v: number | null): Cell {
  return v === null ? null : Math.round(v);
}

function percent(v: number | null): Cell {
  return v === null ? null : (Math.round(v * 1000) / 10).toFixed(1);
}

function agentsAvg(v: number): string {
  return (Math.round(v * 100) / 100).toFixed(2);
}

/** A column: its label and, for numbers with a unit, the unit the cells are in. */
type Column = readonly [MessageKey, ('seconds' | 'percent')?];

function table(lang: Lang, columns: readonly Column[], rows: readonly Cell[][]): string {
  const t = createTranslator(lang);
  const header = columns.map(([key, unit]) => csvCell(unit ? `${t(key)} ${t(`history.unit.${unit}`)}` : t(key)));
  const lines = [header.join(',')];
  for (const r of rows) lines.push(r.map((c) => csvCell(c)).join(','));
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}

const INTERVAL_HEADERS: readonly Column[] = [
  ['history.col.start'],
  ['history.col.end'],
  ['history.col.agentsSignedIn'],
  ['history.col.agentsIdle'],
  ['history.col.agentsOnCall'],
  ['history.col.agentsWrapUp'],
  ['history.col.callsConnected'],
  ['history.col.avgTalk', 'seconds'],
  ['history.col.avgWrap', 'seconds'],
  ['history.col.occupancy', 'percent'],
  ['history.col.longestIdle', 'seconds'],
];

export function intervalsToCsv(intervals: readonly HistoryInterval[], options: { timeZone: string; lang: Lang }): string {
  const rows = intervals.map((i): Cell[] => [
    localStamp(i.start, options.timeZone),
    localStamp(i.end, options.timeZone),
    agentsAvg(i.agents.signedIn),
    agentsAvg(i.agents.idle),
    agentsAvg(i.agents.onCall),
    agentsAvg(i.agents.wrapUp),
    i.callsConnected,
    seconds(i.avgTalkSeconds),
    seconds(i.avgWrapSeconds),
    percent(i.occupancy),
    seconds(i.longestIdleSeconds),
  ]);
  return table(options.lang, INTERVAL_HEADERS, rows);
}

const AGENT_HEADERS: readonly Column[] = [
  ['history.col.extno'],
  ['history.col.name'],
  ['history.col.team'],
  ['history.col.signedIn', 'seconds'],
  ['history.col.calls'],
  ['history.col.talk', 'seconds'],
  ['history.col.wrap', 'seconds'],
  ['history.col.idle', 'seconds'],
  ['history.col.avgTalk', 'seconds'],
  ['history.col.occupancy', 'percent'],
  ['history.col.longestWrap', 'seconds'],
  ['history.col.longestIdle', 'seconds'],
];

export function agentsToCsv(agents: readonly HistoryAgentRow[], options: { lang: Lang }): string {
  const rows = agents.map((a): Cell[] => [
    a.extno,
    a.name,
    a.team,
    seconds(a.signedInSeconds),
    a.calls,
    seconds(a.onCallSeconds),
    seconds(a.wrapUpSeconds),
    seconds(a.idleSeconds),
    seconds(a.avgTalkSeconds),
    percent(a.occupancy),
    seconds(a.longestWrapSeconds),
    seconds(a.longestIdleSeconds),
  ]);
  return table(options.lang, AGENT_HEADERS, rows);
}

/** `attachment; filename=…` with an ASCII name (the day and team go in the RFC 5987 form). */
export function attachmentHeader(base: string, day: string, team: string | null): string {
  const name = `${base}-${day}${team ? `-${team}` : ''}.csv`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
