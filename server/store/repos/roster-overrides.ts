/** roster_overrides: names, teams or hiding set in Floorboard on top of the roster file. */
import type { Queryable } from '../db';
import { fromTs } from '../sql-time';

export interface RosterOverride {
  extno: string;
  /** Null: keep the roster file's value. */
  name: string | null;
  team: string | null;
  hidden: boolean;
  note: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

interface DbRow {
  extno: string;
  name: string | null;
  team: string | null;
  hidden: boolean;
  note: string | null;
  updated_at: Date;
  updated_by: string | null;
}

function fromRow(r: DbRow): RosterOverride {
  return {
    extno: r.extno,
    name: r.name,
    team: r.team,
    hidden: r.hidden,
    note: r.note,
    updatedAt: fromTs(r.updated_at),
    updatedBy: r.updated_by,
  };
}

export async function listRosterOverrides(q: Queryable): Promise<RosterOverride[]> {
  const r = await q.query<DbRow>(`SELECT * FROM roster_overrides ORDER BY extno`);
  return r.rows.map(fromRow);
}

export async function putRosterOverride(
  q: Queryable,
  o: { extno: string; name?: string | null; team?: string | null; hidden?: boolean; note?: string | null },
  updatedBy: string | null,
): Promise<RosterOverride> {
  const r = await q.query<DbRow>(
    `INSERT INTO roster_overrides (extno, name, team, hidden, note, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (extno) DO UPDATE SET name = excluded.name, team = excluded.team, hidden = excluded.hidden,
       note = excluded.note, updated_by = excluded.updated_by, updated_at = now()
     RETURNING *`,
    [o.extno, o.name ?? null, o.team ?? null, o.hidden ?? false, o.note ?? null, updatedBy],
  );
  const row = r.rows[0];
  if (!row) throw new Error('putRosterOverride: no row returned');
  return fromRow(row);
}

export async function deleteRosterOverride(q: Queryable, extno: string): Promise<boolean> {
  const r = await q.query(`DELETE FROM roster_overrides WHERE extno = $1`, [extno]);
  return r.rowCount > 0;
}
