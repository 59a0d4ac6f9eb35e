/**
 * The `AnnouncementStore` contract (server/control/announcement-store.ts): memory, Pg and the
 * write-behind wrapper keep an announcement's sends and receipts alike. Test ids ANC-*.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnnouncementRecord, AnnouncementStore } from '@/server/control/announcement-store';
import { T0, type StoreTarget } from './target';

export function announcement(i: number, over: Partial<AnnouncementRecord> = {}): AnnouncementRecord {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    text: `今天 ${i} 点开会, "all" hands`,
    audience: i % 2 === 0 ? { kind: 'floor' } : { kind: 'teams', teams: ['销售一组', 'B'] },
    sender: { id: 'u1', name: '经理', role: 'manager' },
    createdAt: T0 + i * 60_000,
    recipients: ['1001', '1002', '2001'],
    recipientTeams: ['B', '销售一组'],
    sends: [{ at: T0 + i * 60_000, recipients: 3, outcome: 'ok' }],
    receipts: new Map([['1001', T0 + i * 60_000 + 5]]),
    acceptUntil: T0 + i * 60_000 + 300_000,
    ...over,
  };
}

/** Comparable form: receipts as a sorted list. */
function plain(r: AnnouncementRecord | undefined): unknown {
  return r && { ...r, receipts: [...r.receipts].sort((a, b) => a[0].localeCompare(b[0])) };
}

export function announcementStoreContract(name: string, target: StoreTarget<AnnouncementStore>): void {
  describe(`AnnouncementStore contract: ${name}`, () => {
    let store: AnnouncementStore;
    beforeAll(() => target.setup(), 120_000);
    afterAll(() => target.teardown());
    beforeEach(async () => {
      store = await target.fresh();
    });

    it('ANC-1: a saved announcement comes back with its audience, sender, sends and receipts; an unknown id is undefined', async () => {
      const a = announcement(1);
      await store.save(a);
      expect(plain(await store.get(a.id))).toEqual(plain(a));
      expect(await store.get(announcement(99).id)).toBeUndefined();
    });

    it('ANC-2: saving again records new sends and receipts; the first delivery time of an agent is kept', async () => {
      const a = announcement(2);
      await store.save(a);
      const later = announcement(2, {
        sends: [...a.sends, { at: T0 + 200_000, recipients: 2, outcome: 'refused', code: 'CALL_SYSTEM_REFUSED', reason: '拒绝' }],
        receipts: new Map([
          ['1001', T0 + 2 * 60_000 + 5],
          ['2001', T0 + 2 * 60_000 + 900],
        ]),
        acceptUntil: T0 + 900_000,
      });
      await store.save(later);
      expect(plain(await store.get(a.id))).toEqual(plain(later));
    });

    it('ANC-3: list is newest first, limited, and pages back with `before`', async () => {
      for (let i = 0; i < 5; i++) await store.save(announcement(i));
      const first = await store.list({ limit: 2 });
      expect(first.map((r) => r.createdAt)).toEqual([T0 + 4 * 60_000, T0 + 3 * 60_000]);
      const next = await store.list({ limit: 10, before: first[1]!.createdAt });
      expect(next.map((r) => r.id)).toEqual([2, 1, 0].map((i) => announcement(i).id));
    });

    it('ANC-4: announcements and receipts survive a reopen of the storage', async () => {
      const a = announcement(3);
      await store.save(a);
      const again = await target.reopen();
      expect(plain(await again.get(a.id))).toEqual(plain(a));
      expect((await again.list({ limit: 5 })).map((r) => r.id)).toEqual([a.id]);
    });
  });
}
