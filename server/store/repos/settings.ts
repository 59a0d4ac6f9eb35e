/**
 * settings: key -> jsonb. Callers validate values with their own zod schema on read: the table
 * outlives any one build's idea of a setting's shape.
 */
import type { Queryable } from '../db';
import { fromTs } from '../sql-time';

/** Key conventions, so the manage page and the board agree on names. */
export const SETTING_KEYS = {
  floorThresholds: 'thresholds/floor',
  teamThresholds: (team: string) => `thresholds/team/${team}`,
  teamThresholdsPrefix: 'thresholds/team/',
  kpiOptions: 'kpi/options',
  /** Per-team tile colour tiers, one document for every team (server/settings/threshold-store.ts). */
  thresholdsByTeam: 'thresholds/teams',
  /** The alert rule set with who changed it last (server/store/pg-rule-store.ts). */
  alertRules: 'alerts/rules',
} as const;

export interface Setting<T = unknown> {
  key: string;
  value: T;
  updatedAt: number;
  updatedBy: string | null;
}

interface DbRow {
  key: string;
  value: unknown;
  updated_at: Date;
  updated_by: string | null;
}

function fromRow(r: DbRow): Setting {
  return { key: r.key, value: r.value, updatedAt: fromTs(r.updated_at), updatedBy: r.updated_by };
}

export async function getSetting(q: Queryable, key: string): Promise<Setting | null> {
  const r = await q.query<DbRow>(`SELECT * FROM settings WHERE key = $1`, [key]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** All settings whose key starts with `prefix` (all with ''), by key. */
export async function listSettings(q: Queryable, prefix = ''): Promise<Setting[]> {
  // starts_with() rather than LIKE: a key may contain % or _.
  const r = await q.query<DbRow>(`SELECT * FROM settings WHERE starts_with(key, $1) ORDER BY key`, [prefix]);
  return r.rows.map(fromRow);
}

export async function putSetting(q: Queryable, key: string, value: unknown, updatedBy: string | null): Promise<Setting> {
  const r = await q.query<DbRow>(
    `INSERT INTO settings (key, value, updated_by) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = now()
     RETURNING *`,
    [key, JSON.stringify(value ?? null), updatedBy],
  );
  const row = r.rows[0];
  if (!row) throw new Error('putSetting: no row returned');
  return fromRow(row);
}

export async function deleteSetting(q: Queryable, key: string): Promise<boolean> {
  const r = await q.query(`DELETE FROM settings WHERE key = $1`, [key]);
  return r.rowCount > 0;
}
