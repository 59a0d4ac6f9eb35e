/**
 * When the board calls for attention (docs/alerts.md): a banner alert is announced (beep,
 * speech, notification) when its `attentionAt` is newer than the last one announced for that id
 * and it is not acknowledged. Per-agent alerts are never announced; their summary is.
 * Pure: each announcing channel (sound, notifications) keeps its own tracker.
 */
import type { Alert } from '@/lib/alerts/types';

/** Severities that make a sound / a notification (info stays silent). */
export function isLoudAlert(a: Alert): boolean {
  return a.severity === 'critical' || a.severity === 'warning';
}

export class AttentionTracker {
  private readonly announced = new Map<string, number>();

  /**
   * The banner alerts due to be announced now, most severe first (the banner's order); marks
   * them announced. Forgets ids no longer open.
   */
  take(banner: readonly Alert[]): Alert[] {
    const due: Alert[] = [];
    const open = new Set<string>();
    for (const a of banner) {
      open.add(a.id);
      if (!isLoudAlert(a) || a.acknowledged !== null || a.closedAt !== null) continue;
      const last = this.announced.get(a.id);
      if (last !== undefined && last >= a.attentionAt) continue;
      this.announced.set(a.id, a.attentionAt);
      due.push(a);
    }
    for (const id of this.announced.keys()) if (!open.has(id)) this.announced.delete(id);
    return due;
  }
}

/** Unacknowledged critical banner alerts: the ones that repeat their sound. */
export function repeatingAlerts(banner: readonly Alert[]): Alert[] {
  return banner.filter((a) => a.severity === 'critical' && a.acknowledged === null && a.closedAt === null);
}
