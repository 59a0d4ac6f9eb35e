/**
 * The alerts' `AlertStore` (server/alerts/alert-store.ts) on alert_history: each entry keeps
 * the alert as it was (jsonb) beside the columns the history filters use. Newest first by
 * (at, event key) (newest-first.ts), so the write-behind wrapper can merge unwritten entries.
 */
import type { Alert, AlertHistoryEntry, AlertHistoryPage } from '@/lib/alerts/types';
import type { AlertHistoryQuery, AlertStore } from '@/server/alerts/alert-store';
import type { Queryable } from './db';
import { decodeSortCursor, encodeSortCursor, type SortKey } from './newest-first';
import { fromTs, toTs } from './sql-time';

/** Alert id, event and time: unique per entry (an alert opens and closes once, is acknowledged at distinct times). */
export function alertEntryKey(e: AlertHistoryEntry): string {
  return `${e.alert.id}|${e.event}|${e.at}`;
}

export const alertSortKey = (e: AlertHistoryEntry): SortKey => ({ at: e.at, key: alertEntryKey(e) });

interface DbRow {
  at: Date;
  event: AlertHistoryEntry['event'];
  actor_id: string | null;
  actor_name: string | null;
  alert: Alert;
}

function fromRow(r: DbRow): AlertHistoryEntry {
  return { at: fromTs(r.at), event: r.event, actor: r.actor_id !== null ? { id: r.actor_id, name: r.actor_name ?? '' } : null, alert: r.alert };
}

export class PgAlertStore implements AlertStore {
  constructor(private readonly db: Queryable) {}

  /** One statement; an entry stored already (a replayed batch) is skipped. */
  async append(entries: readonly AlertHistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const doc = JSON.stringify(
      entries.map((e) => ({
        event_key: alertEntryKey(e),
        at: toTs(e.at),
        event: e.event,
        alert_id: e.alert.id,
        rule_id: e.alert.ruleId,
        kind: e.alert.kind,
        severity: e.alert.severity,
        level: e.alert.subject.kind,
        subject_team: e.alert.subject.kind === 'floor' ? null : e.alert.subject.team,
        teams: e.alert.teams === '*' ? null : e.alert.teams,
        agents: e.alert.agents,
        actor_id: e.actor?.id ?? null,
        actor_name: e.actor?.name ?? null,
        alert: e.alert,
      })),
    );
    await this.db.query(
      `INSERT INTO alert_history (event_key, at, event, alert_id, rule_id, kind, severity, level, subject_team, teams, agents, actor_id, actor_name, alert)
       SELECT event_key, at, event, alert_id, rule_id, kind, severity, level, subject_team, teams, agents, actor_id, actor_name, alert
       FROM jsonb_to_recordset($1::jsonb) AS x(event_key text, at timestamptz, event text, alert_id text, rule_id text, kind text,
         severity text, level text, subject_team text, teams text[], agents text[], actor_id text, actor_name text, alert jsonb)
       ON CONFLICT (event_key) DO NOTHING`,
      [doc],
    );
  }

  async query(q: AlertHistoryQuery): Promise<AlertHistoryPage> {
    const { rows, more } = await this.page(q, decodeSortCursor(q.cursor));
    const last = rows[rows.length - 1];
    return { entries: rows, nextCursor: more && last ? encodeSortCursor(alertSortKey(last)) : null };
  }

  /** Up to `limit` entries older than `after`, newest first, and whether more exist. */
  async page(q: AlertHistoryQuery, after: SortKey | null): Promise<{ rows: AlertHistoryEntry[]; more: boolean }> {
    const r = await this.db.query<DbRow>(
      `SELECT at, event, actor_id, actor_name, alert FROM alert_history
       WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
         AND ($3::text IS NULL OR event = $3) AND ($4::text IS NULL OR rule_id = $4)
         AND ($5::text IS NULL OR kind = $5) AND ($6::text IS NULL OR severity = $6)
         AND ($7::text IS NULL OR level = $7)
         AND ($8::text IS NULL OR subject_team = $8 OR (level = 'floor' AND (teams IS NULL OR $8 = ANY(teams))))
         AND ($9::text IS NULL OR $9 = ANY(agents))
         AND ($10::text[] IS NULL OR teams IS NULL OR teams && $10::text[])
         AND ($11::timestamptz IS NULL OR (at, event_key COLLATE "C") < ($11::timestamptz, $12::text COLLATE "C"))
       ORDER BY at DESC, event_key COLLATE "C" DESC
       LIMIT $13`,
      [
        q.from === undefined ? null : toTs(q.from),
        q.to === undefined ? null : toTs(q.to),
        q.event ?? null,
        q.ruleId ?? null,
        q.kind ?? null,
        q.severity ?? null,
        q.level ?? null,
        q.team ?? null,
        q.extno ?? null,
        q.scope ? [...q.scope] : null,
        after ? toTs(after.at) : null,
        after ? after.key : null,
        q.limit + 1,
      ],
    );
    return { rows: r.rows.slice(0, q.limit).map(fromRow), more: r.rows.length > q.limit };
  }
}
