/**
 * The control path's `AnnouncementStore` (server/control/announcement-store.ts) on the
 * announcements and announcement_receipts tables (columns of migration 003). `save` is an upsert
 * by the record's id that also adds the receipts it carries, in one statement; a receipt stored
 * already is kept as it was (the first delivery time wins, as in memory).
 */
import type { AnnouncementSend, Audience } from '@/lib/control/announce';
import type { AuditActor } from '@/lib/control/actor';
import type { AnnouncementRecord, AnnouncementStore } from '@/server/control/announcement-store';
import type { Queryable } from './db';
import { fromTs, toTs } from './sql-time';

interface DbRow {
  public_id: string;
  body: string;
  audience: Audience;
  author_id: string;
  author_name: string;
  sender_role: AuditActor['role'];
  created_at: Date;
  recipients: string[];
  recipient_teams: string[];
  sends: AnnouncementSend[];
  accept_until: Date;
  receipts: Record<string, number> | null;
}

function fromRow(r: DbRow): AnnouncementRecord {
  const receipts = Object.entries(r.receipts ?? {}).sort((a, b) => a[1] - b[1]);
  return {
    id: r.public_id,
    text: r.body,
    audience: r.audience,
    sender: { id: r.author_id, name: r.author_name, role: r.sender_role },
    createdAt: fromTs(r.created_at),
    recipients: r.recipients,
    recipientTeams: r.recipient_teams,
    sends: r.sends,
    receipts: new Map(receipts.map(([extno, at]) => [extno, Number(at)])),
    acceptUntil: fromTs(r.accept_until),
  };
}

const SELECT = `SELECT a.public_id, a.body, a.audience, a.author_id, a.author_name, a.sender_role, a.created_at,
    a.recipients, a.recipient_teams, a.sends, a.accept_until,
    (SELECT jsonb_object_agg(x.extno, (extract(epoch FROM x.delivered_at) * 1000)::bigint)
       FROM announcement_receipts x WHERE x.announcement_id = a.id) AS receipts
  FROM announcements a`;

export class PgAnnouncementStore implements AnnouncementStore {
  constructor(private readonly db: Queryable) {}

  async save(record: AnnouncementRecord): Promise<void> {
    const receipts = JSON.stringify([...record.receipts].map(([extno, at]) => ({ extno, delivered_at: toTs(at) })));
    await this.db.query(
      `WITH a AS (
         INSERT INTO announcements (public_id, body, author_id, author_name, sender_role, target_teams, audience,
           recipients, recipient_teams, sends, created_at, accept_until)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7::jsonb, $8::text[], $9::text[], $10::jsonb, $11::timestamptz, $12::timestamptz)
         ON CONFLICT (public_id) DO UPDATE SET sends = excluded.sends, accept_until = excluded.accept_until
         RETURNING id)
       INSERT INTO announcement_receipts (announcement_id, extno, delivered_at)
       SELECT a.id, x.extno, x.delivered_at FROM a, jsonb_to_recordset($13::jsonb) AS x(extno text, delivered_at timestamptz)
       ON CONFLICT (announcement_id, extno) DO NOTHING`,
      [
        record.id,
        record.text,
        record.sender.id,
        record.sender.name,
        record.sender.role,
        // The old column's meaning: null is the whole floor.
        record.audience.kind === 'floor' ? null : record.recipientTeams,
        JSON.stringify(record.audience),
        record.recipients,
        record.recipientTeams,
        JSON.stringify(record.sends),
        toTs(record.createdAt),
        toTs(record.acceptUntil),
        receipts,
      ],
    );
  }

  async get(id: string): Promise<AnnouncementRecord | undefined> {
    const r = await this.db.query<DbRow>(`${SELECT} WHERE a.public_id = $1`, [id]);
    return r.rows[0] ? fromRow(r.rows[0]) : undefined;
  }

  async list(query: { limit: number; before?: number }): Promise<AnnouncementRecord[]> {
    const r = await this.db.query<DbRow>(
      `${SELECT} WHERE a.public_id IS NOT NULL AND ($1::timestamptz IS NULL OR a.created_at < $1)
       ORDER BY a.created_at DESC, a.public_id COLLATE "C" DESC LIMIT $2`,
      [query.before === undefined ? null : toTs(query.before), query.limit],
    );
    return r.rows.map(fromRow);
  }
}
