/**
 * announcements and their delivery receipts (an agent's monitor socket carried the `message`).
 * Receipts arrive in bursts (one per agent of the floor) and go through the recorder in batches.
 */
import type { Queryable } from '../db';
import { fromTs, fromTsOrNull, toTs, toTsOrNull } from '../sql-time';

export interface NewAnnouncement {
  body: string;
  authorId: string | null;
  authorName: string | null;
  /** Null: the whole floor. */
  targetTeams: readonly string[] | null;
  at: number;
  expiresAt?: number | null;
  requestId?: string | null;
}

export interface Announcement {
  id: number;
  body: string;
  authorId: string | null;
  authorName: string | null;
  targetTeams: string[] | null;
  createdAt: number;
  expiresAt: number | null;
  requestId: string | null;
  /** Agents it reached so far. */
  receipts: number;
}

export interface Receipt {
  announcementId: number;
  extno: string;
  deliveredAt: number;
}

interface DbRow {
  id: number;
  body: string;
  author_id: string | null;
  author_name: string | null;
  target_teams: string[] | null;
  created_at: Date;
  expires_at: Date | null;
  request_id: string | null;
  receipts: number;
}

function fromRow(r: DbRow): Announcement {
  return {
    id: r.id,
    body: r.body,
    authorId: r.author_id,
    authorName: r.author_name,
    targetTeams: r.target_teams,
    createdAt: fromTs(r.created_at),
    expiresAt: fromTsOrNull(r.expires_at),
    requestId: r.request_id,
    receipts: r.receipts,
  };
}

export async function createAnnouncement(q: Queryable, a: NewAnnouncement): Promise<Announcement> {
  const r = await q.query<DbRow>(
    `INSERT INTO announcements (body, author_id, author_name, target_teams, created_at, expires_at, request_id)
     VALUES ($1, $2, $3, $4::text[], $5::timestamptz, $6::timestamptz, $7)
     RETURNING *, 0 AS receipts`,
    [
      a.body,
      a.authorId,
      a.authorName,
      a.targetTeams ? [...a.targetTeams] : null,
      toTs(a.at),
      toTsOrNull(a.expiresAt),
      a.requestId ?? null,
    ],
  );
  const row = r.rows[0];
  if (!row) throw new Error('createAnnouncement: no row returned');
  return fromRow(row);
}

/** Newest first; `team` keeps floor-wide ones and those aimed at that team. */
export async function listAnnouncements(
  q: Queryable,
  f: { from?: number; to?: number; team?: string | null; limit?: number } = {},
): Promise<Announcement[]> {
  const r = await q.query<DbRow>(
    `SELECT a.*, (SELECT count(*)::int FROM announcement_receipts x WHERE x.announcement_id = a.id) AS receipts
     FROM announcements a
     WHERE ($1::timestamptz IS NULL OR a.created_at >= $1) AND ($2::timestamptz IS NULL OR a.created_at < $2)
       AND ($3::text IS NULL OR a.target_teams IS NULL OR $3 = ANY(a.target_teams))
     ORDER BY a.created_at DESC, a.id DESC LIMIT $4`,
    [toTsOrNull(f.from), toTsOrNull(f.to), f.team ?? null, f.limit ?? 100],
  );
  return r.rows.map(fromRow);
}

/** Store receipts; a second receipt for the same agent and announcement is ignored. */
export async function addReceipts(q: Queryable, receipts: readonly Receipt[]): Promise<number> {
  if (receipts.length === 0) return 0;
  const doc = JSON.stringify(
    receipts.map((x) => ({ announcement_id: x.announcementId, extno: x.extno, delivered_at: toTs(x.deliveredAt) })),
  );
  const r = await q.query(
    `INSERT INTO announcement_receipts (announcement_id, extno, delivered_at)
     SELECT announcement_id, extno, delivered_at
     FROM jsonb_to_recordset($1::jsonb) AS x(announcement_id bigint, extno text, delivered_at timestamptz)
     ON CONFLICT (announcement_id, extno) DO NOTHING`,
    [doc],
  );
  return r.rowCount;
}

export async function listReceipts(q: Queryable, announcementId: number): Promise<Receipt[]> {
  const r = await q.query<{ announcement_id: number; extno: string; delivered_at: Date }>(
    `SELECT * FROM announcement_receipts WHERE announcement_id = $1 ORDER BY delivered_at, extno`,
    [announcementId],
  );
  return r.rows.map((x) => ({ announcementId: x.announcement_id, extno: x.extno, deliveredAt: fromTs(x.delivered_at) }));
}
