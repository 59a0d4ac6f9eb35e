/**
 * Announcements with history on: the memory store holds this run's announcements as they
 * change (the control path never waits), and each save queues a copy of the record's state for
 * the database (a newer state of a still-queued announcement replaces it). Reads prefer the
 * memory version (it is the newest) and add older announcements from the database.
 */
import { type AnnouncementRecord, type AnnouncementStore, MemoryAnnouncementStore } from '@/server/control/announcement-store';
import type { Logger } from '@/server/log';
import type { Queryable } from '@/server/store/db';
import { PgAnnouncementStore } from '@/server/store/pg-announcement-store';
import { WriteBehind, type WriteBehindOptions } from './write-behind';

export class WriteBehindAnnouncementStore implements AnnouncementStore {
  readonly memory: MemoryAnnouncementStore;
  readonly queue: WriteBehind<AnnouncementRecord>;
  private pg: PgAnnouncementStore | null = null;

  constructor(
    private readonly log: Logger,
    options: { memoryMax?: number; queue?: Partial<WriteBehindOptions<AnnouncementRecord>> } = {},
  ) {
    this.memory = new MemoryAnnouncementStore(options.memoryMax);
    this.queue = new WriteBehind<AnnouncementRecord>({
      name: 'announcements',
      keyOf: (r) => r.id,
      write: async (db, batch) => {
        const store = new PgAnnouncementStore(db);
        for (const r of batch) await store.save(r);
      },
      log,
      ...options.queue,
    });
  }

  attach(db: Queryable): void {
    this.pg = new PgAnnouncementStore(db);
    this.queue.attach(db);
  }

  async save(record: AnnouncementRecord): Promise<void> {
    await this.memory.save(record);
    // The caller keeps changing its record (sends, receipts): queue the state as it is now.
    this.queue.push(structuredClone(record));
  }

  async get(id: string): Promise<AnnouncementRecord | undefined> {
    const live = await this.memory.get(id);
    if (live || !this.pg) return live;
    return this.fromDb(() => this.pg!.get(id), undefined);
  }

  async list(query: { limit: number; before?: number }): Promise<AnnouncementRecord[]> {
    const live = await this.memory.list(query);
    if (!this.pg) return live;
    const stored = await this.fromDb(() => this.pg!.list(query), []);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const r of live) byId.set(r.id, r);
    return [...byId.values()]
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, query.limit);
  }

  private async fromDb<T>(read: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await read();
    } catch (err) {
      this.log.warn({ err }, 'announcement read failed on the database: answering from memory');
      return fallback;
    }
  }
}
