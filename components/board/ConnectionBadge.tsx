'use client';
/** The board's own freshness, always on screen: live, syncing, reconnecting, or offline and stale since HH:MM:SS. */
import { floorClock } from '@/lib/client/floor-clock';
import { useConnection } from '@/lib/client/hooks';
import { formatClockTime } from '@/lib/format/centre-time';
import { Icon } from '@/components/ui/icons';
import { useT } from '@/components/i18n/I18nProvider';

export function ConnectionBadge() {
  const t = useT();
  const c = useConnection();
  // `since` is the browser's clock; the board shows the centre's (server) clock.
  const since = formatClockTime(c.since + floorClock.offset);
  const stale = c.phase === 'reconnecting' || c.phase === 'down';
  const label =
    c.phase === 'live'
      ? c.syncing
        ? t('conn.syncing')
        : t('conn.live')
      : c.phase === 'connecting'
        ? t('conn.connecting')
        : c.phase === 'reconnecting'
          ? t('conn.reconnecting')
          : t('conn.down');
  const style =
    c.phase === 'live'
      ? 'border-[var(--st-idle)] text-fg'
      : c.phase === 'down'
        ? 'border-[#b91c1c] bg-[#b91c1c] text-white'
        : stale
          ? 'border-[#b45309] bg-[#b45309] text-white'
          : 'border-line text-muted';
  // Two short lines rather than one long one: the badge keeps its width, so the KPI row
  // beside it never reflows when the connection drops.
  return (
    <div role="status" className={`flex flex-col items-center rounded-xl border-2 px-[0.6em] py-[0.1em] leading-tight ${style}`}>
      <span className="flex items-center gap-[0.35em] font-semibold whitespace-nowrap">
        <Icon name={c.phase === 'live' ? 'live' : 'offline'} className="h-[1.1em] w-[1.1em]" />
        {label}
      </span>
      {stale ? <span className="tabular text-[0.8em] whitespace-nowrap">{t('conn.staleSince', { time: since })}</span> : null}
    </div>
  );
}
