/**
 * Alert acknowledgements across web nodes (rule CL2). Each web node runs the alert engine on its
 * own copy of the floor, so the same condition opens an alert on every node, under ids of each
 * node's own; what they share is the rule and the subject. An acknowledgement made on one node
 * is sent to the others with Socket.IO's `serverSideEmit` (carried by the Redis streams adapter),
 * and each acknowledges its own open alert of that rule and subject, which its boards then show
 * through the usual `alert:updated`. A remote acknowledgement is not sent on again.
 *
 * The payload comes from another node, but is still checked (zod) and a bad one counted.
 */
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { Alert, AlertSubject } from '@/lib/alerts/types';
import type { AlertService } from '@/server/alerts/service';

export const ALERT_ACK_EVENT = 'cluster:alert-ack';

const ackSchema = z.object({
  ruleId: z.string().min(1).max(200),
  subject: z.union([
    z.object({ kind: z.literal('agent'), extno: z.string().min(1).max(64) }).loose(),
    z.object({ kind: z.literal('team'), team: z.string().max(200), summary: z.boolean() }).loose(),
    z.object({ kind: z.literal('floor') }).loose(),
  ]),
  by: z.object({ id: z.string().min(1).max(200), name: z.string().max(200) }),
});
type SharedAck = z.infer<typeof ackSchema>;

/** One key per rule and subject: what names "the same alert" on every node. */
function subjectKey(s: Pick<AlertSubject, 'kind'> & Partial<{ extno: string; team: string; summary: boolean }>): string {
  return s.kind === 'agent' ? `agent:${s.extno}` : s.kind === 'team' ? `team:${s.team}:${s.summary}` : 'floor';
}

export interface AlertAckShare {
  stats(): { sent: number; applied: number; rejected: number };
  close(): void;
}

export function shareAlertAcks(opts: { io: Server; service: AlertService; log: { warn: (f: Record<string, unknown>, m: string) => void } }): AlertAckShare {
  const { io, service } = opts;
  /** Local alert id -> the acknowledgement time already shared or applied (an ack cleared by news may come again). */
  const known = new Map<string, number>();
  let applyingRemote = false;
  const counts = { sent: 0, applied: 0, rejected: 0 };

  const offChange = service.onChange((changes) => {
    for (const a of changes.closed) known.delete(a.id);
    for (const a of changes.updated) {
      if (a.acknowledged === null || known.get(a.id) === a.acknowledged.at) continue;
      known.set(a.id, a.acknowledged.at);
      if (applyingRemote) continue;
      const payload: SharedAck = { ruleId: a.ruleId, subject: a.subject, by: a.acknowledged.by };
      io.serverSideEmit(ALERT_ACK_EVENT, payload);
      counts.sent += 1;
    }
  });

  const onRemote = (raw: unknown): void => {
    const parsed = ackSchema.safeParse(raw);
    if (!parsed.success) {
      counts.rejected += 1;
      opts.log.warn({ issue: parsed.error.issues[0]?.message }, 'shared alert acknowledgement refused');
      return;
    }
    const { ruleId, subject, by } = parsed.data;
    const key = subjectKey(subject);
    const local = service.open('*').find((a: Alert) => a.ruleId === ruleId && a.acknowledged === null && subjectKey(a.subject) === key);
    if (!local) return; // closed here already, or never opened on this node's floor
    // The service emits its change synchronously inside acknowledge (no await before it).
    applyingRemote = true;
    try {
      void service.acknowledge(local.id, by);
    } finally {
      applyingRemote = false;
    }
    counts.applied += 1;
  };
  io.on(ALERT_ACK_EVENT, onRemote);

  return {
    stats: () => ({ ...counts }),
    close() {
      offChange();
      io.off(ALERT_ACK_EVENT, onRemote);
    },
  };
}
