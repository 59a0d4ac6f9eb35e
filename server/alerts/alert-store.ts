/**
 * Alert history: opened / acknowledged / closed, with the alert as it was and who acted.
 * `AlertStore` is the seam for the history store's database implementation (as AuditStore is
 * for the audit trail); the memory ring here keeps the newest `capacity` entries.
 */
import { alertVisibleTo, type Alert, type AlertHistoryEntry, type AlertHistoryEvent, type AlertHistoryPage } from '@/lib/alerts/types';
import type { AlertSeverity } from '@/lib/alerts/rules';

export interface AlertHistoryFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  event?: AlertHistoryEvent;
  ruleId?: string;
  kind?: string;
  severity?: AlertSeverity;
  /** The subject's kind: agent alerts, team alerts (summaries included) or floor alerts. */
  level?: 'agent' | 'team' | 'floor';
  /** Alerts about this team (floor alerts visible to it included). */
  team?: string;
  /** Alerts that mark this agent. */
  extno?: string;
  /** A team lead's view: only alerts their teams may see. Absent: everything. */
  scope?: readonly string[];
}

export interface AlertHistoryQuery extends AlertHistoryFilter {
  limit: number;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string;
}

export interface AlertStore {
  append(entries: readonly AlertHistoryEntry[]): Promise<void>;
  /** Newest first. */
  query(query: AlertHistoryQuery): Promise<AlertHistoryPage>;
}

function subjectTeam(alert: Alert): string | null {
  return alert.subject.kind === 'floor' ? null : alert.subject.team;
}

export function matchesAlertFilter(e: AlertHistoryEntry, f: AlertHistoryFilter): boolean {
  const a = e.alert;
  if (f.from !== undefined && e.at < f.from) return false;
  if (f.to !== undefined && e.at >= f.to) return false;
  if (f.event !== undefined && e.event !== f.event) return false;
  if (f.ruleId !== undefined && a.ruleId !== f.ruleId) return false;
  if (f.kind !== undefined && a.kind !== f.kind) return false;
  if (f.severity !== undefined && a.severity !== f.severity) return false;
  if (f.level !== undefined && a.subject.kind !== f.level) return false;
  if (f.team !== undefined && subjectTeam(a) !== f.team && !(a.subject.kind === 'floor' && alertVisibleTo(a, [f.team]))) return false;
  if (f.extno !== undefined && !a.agents.includes(f.extno)) return false;
  if (f.scope !== undefined && !alertVisibleTo(a, f.scope)) return false;
  return true;
}

/** Cursor of this store: `m<seq>`; anything else starts from the newest. */
function cursorSeq(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const m = /^m(\d{1,15})$/.exec(cursor);
  return m ? Number(m[1]) : null;
}

export class MemoryAlertStore implements AlertStore {
  private readonly ring: (AlertHistoryEntry | undefined)[];
  private nextSeq = 0;
  private count = 0;

  constructor(readonly capacity = 100_000) {
    this.ring = new Array<AlertHistoryEntry | undefined>(capacity);
  }

  async append(entries: readonly AlertHistoryEntry[]): Promise<void> {
    for (const e of entries) {
      // Alerts are immutable already; freezing the entry keeps the history append-only by reference too.
      this.ring[this.nextSeq % this.capacity] = Object.freeze({ ...e });
      this.nextSeq += 1;
      this.count = Math.min(this.count + 1, this.capacity);
    }
  }

  async query(q: AlertHistoryQuery): Promise<AlertHistoryPage> {
    const oldest = this.nextSeq - this.count;
    const after = cursorSeq(q.cursor);
    let seq = Math.min(after ?? this.nextSeq, this.nextSeq) - 1;
    const entries: AlertHistoryEntry[] = [];
    for (; seq >= oldest && entries.length < q.limit; seq--) {
      const e = this.ring[seq % this.capacity];
      if (e !== undefined && matchesAlertFilter(e, q)) entries.push(e);
    }
    // seq + 1 is the last one looked at; more may match below it.
    return { entries, nextCursor: seq >= oldest ? `m${seq + 1}` : null };
  }
}
