/**
 * Folding a live `announce:receipts` push into the announcement the page shows: counts from the
 * push, and each recipient delivered unless the push still lists them as missing (with why).
 */
import type { AnnouncementReceipts, AnnouncementView } from '@/lib/control/announce';

export function applyReceipts(view: AnnouncementView, r: AnnouncementReceipts): AnnouncementView {
  if (view.id !== r.id) return view;
  const missing = new Map(r.undelivered.map((u) => [u.extno, u.reason]));
  return {
    ...view,
    total: r.total,
    delivered: r.delivered,
    recipients: view.recipients.map((p) => {
      const reason = missing.get(p.extno);
      if (reason !== undefined) return { ...p, deliveredAt: null, reason };
      return p.deliveredAt === null ? { ...p, deliveredAt: r.at, reason: null } : p;
    }),
  };
}
