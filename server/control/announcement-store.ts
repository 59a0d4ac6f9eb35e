/**
 * History of announcements: sender, audience, text, time, sends and receipts. An interface so
 * the history issue can put it in the database; the in-memory store keeps the newest `max`.
 */
import type { AuditActor } from '@/lib/control/actor';
import type { AnnouncementSend, Audience } from '@/lib/control/announce';

export interface AnnouncementRecord {
  id: string;
  text: string;
  audience: Audience;
  sender: AuditActor;
  /** Epoch ms. */
  createdAt: number;
  /** Extensions the audience resolved to when it was sent (M in "delivered N of M"). */
  recipients: string[];
  /** Teams of the recipients (for team leads' scope). */
  recipientTeams: string[];
  sends: AnnouncementSend[];
  /** extno -> epoch ms the `message` frame was seen on that agent's monitor socket. */
  receipts: Map<string, number>;
  /** Receipts are matched until this time (last send + window). */
  acceptUntil: number;
}

export interface AnnouncementStore {
  /** Insert or replace. */
  save(record: AnnouncementRecord): Promise<void>;
  get(id: string): Promise<AnnouncementRecord | undefined>;
  /** Newest first; `before` (epoch ms, exclusive) pages back. */
  list(query: { limit: number; before?: number }): Promise<AnnouncementRecord[]>;
}

export class MemoryAnnouncementStore implements AnnouncementStore {
  private readonly byId = new Map<string, AnnouncementRecord>();

  constructor(private readonly max = 1000) {}

  async save(record: AnnouncementRecord): Promise<void> {
    if (!this.byId.has(record.id)) {
      this.byId.set(record.id, record);
      // Map order is insertion order: the first key is the oldest announcement.
      while (this.byId.size > this.max) {
        const oldest = this.byId.keys().next().value;
        if (oldest === undefined) break;
        this.byId.delete(oldest);
      }
    } else {
      this.byId.set(record.id, record);
    }
  }

  async get(id: string): Promise<AnnouncementRecord | undefined> {
    return this.byId.get(id);
  }

  async list(query: { limit: number; before?: number }): Promise<AnnouncementRecord[]> {
    const out: AnnouncementRecord[] = [];
    const all = [...this.byId.values()];
    for (let i = all.length - 1; i >= 0 && out.length < query.limit; i--) {
      const r = all[i]!;
      if (query.before === undefined || r.createdAt < query.before) out.push(r);
    }
    return out;
  }
}
