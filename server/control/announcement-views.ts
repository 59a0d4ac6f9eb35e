/**
 * Views of an announcement for boards: delivered N of M, and for everyone who has not got it
 * yet, why not, read from the live floor at the time of the view.
 */
import type { AnnouncementReceipts, AnnouncementView, UndeliveredReason } from '@/lib/control/announce';
import type { AnnouncementRecord } from './announcement-store';
import type { FloorAgent, ListAgents } from './floor-read';

export function undeliveredReason(agent: FloorAgent | undefined): UndeliveredReason {
  if (!agent) return 'not_on_roster';
  // With our socket down we would not see the message even if the agent got it.
  if (agent.link !== 'live') return 'link_down';
  if (agent.status === 'signed_out') return 'signed_out';
  return 'waiting';
}

export function floorIndex(agents: ListAgents): Map<string, FloorAgent> {
  const byExtno = new Map<string, FloorAgent>();
  for (const a of agents()) byExtno.set(a.extno, a);
  return byExtno;
}

export function viewOf(record: AnnouncementRecord, floor: Map<string, FloorAgent>): AnnouncementView {
  const recipients = record.recipients.map((extno) => {
    const agent = floor.get(extno);
    const deliveredAt = record.receipts.get(extno) ?? null;
    return {
      extno,
      name: agent?.name ?? '',
      team: agent?.team ?? '',
      deliveredAt,
      reason: deliveredAt === null ? undeliveredReason(agent) : null,
    };
  });
  return {
    id: record.id,
    text: record.text,
    audience: record.audience,
    sender: { id: record.sender.id, name: record.sender.name, role: record.sender.role },
    createdAt: record.createdAt,
    sends: record.sends.map((s) => ({ ...s })),
    total: record.recipients.length,
    delivered: record.receipts.size,
    recipients,
  };
}

export function receiptsOf(record: AnnouncementRecord, floor: Map<string, FloorAgent>, at: number): AnnouncementReceipts {
  const undelivered: AnnouncementReceipts['undelivered'] = [];
  for (const extno of record.recipients) {
    if (!record.receipts.has(extno)) undelivered.push({ extno, reason: undeliveredReason(floor.get(extno)) });
  }
  return { id: record.id, total: record.recipients.length, delivered: record.receipts.size, undelivered, at };
}
