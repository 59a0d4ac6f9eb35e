'use client';
/**
 * When the board's own socket is down the whole board says so, from across the room: a
 * full-width banner (amber while reconnecting, red once down) over a desaturated grid.
 */
import { floorClock } from '@/lib/client/floor-clock';
import { useConnection } from '@/lib/client/hooks';
import { isDeadLinkCode } from '@/lib/protocol';
import { formatClockTime } from '@/lib/format/centre-time';
import { Icon } from '@/components/ui/icons';
import { useT } from '@/components/i18n/I18nProvider';

/**
 * `overlay` (kiosk): drawn over the top of the board instead of pushing it down, so the tiles
 * keep their size and page; the KPIs it covers are frozen anyway, and it says since when.
 */
export function ConnectionBanner({ overlay = false }: { overlay?: boolean }) {
  const t = useT();
  const c = useConnection();
  if (c.phase !== 'reconnecting' && c.phase !== 'down') return null;
  // A dead display link has its own full-screen notice (DeadLinkScreen).
  if (isDeadLinkCode(c.refused)) return null;
  const time = formatClockTime(c.since + floorClock.offset);
  const down = c.phase === 'down';
  return (
    <div
      role="alert"
      className={`flex items-center justify-center gap-[0.5em] px-4 py-[0.3em] text-center font-bold text-white ${
        overlay ? 'fixed inset-x-0 top-0 z-50 shadow-lg' : ''
      } ${
        down ? 'bg-[#b91c1c] text-[clamp(20px,2.2vw,64px)]' : 'bg-[#b45309] text-[clamp(16px,1.5vw,44px)]'
      }`}
    >
      <Icon name="offline" className="h-[1.1em] w-[1.1em] flex-none" />
      <span>
        {c.refused
          ? t('conn.refused', { code: c.refused })
          : down
            ? t('conn.banner.down', { time })
            : t('conn.banner.reconnecting', { time })}
      </span>
    </div>
  );
}
