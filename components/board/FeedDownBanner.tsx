'use client';
/**
 * A web node of a cluster that lost Redis (rule CL3): the board's own socket is fine, but no
 * changes reach the node, so the whole board says so from across the room. Violet, not the
 * amber/red of ConnectionBanner, because the fix is elsewhere (the server side, not this TV).
 * While the board's socket is down, ConnectionBanner speaks instead.
 */
import { useClusterFeed } from '@/lib/client/cluster-feed';
import { useConnection } from '@/lib/client/hooks';
import { formatClockTime } from '@/lib/format/centre-time';
import { Icon } from '@/components/ui/icons';
import { useT } from '@/components/i18n/I18nProvider';

export function FeedDownBanner({ overlay = false }: { overlay?: boolean }) {
  const t = useT();
  const feed = useClusterFeed();
  const c = useConnection();
  if (feed.redis !== 'down' || c.phase === 'reconnecting' || c.phase === 'down') return null;
  return (
    <div
      role="alert"
      data-testid="feed-down-banner"
      className={`flex items-center justify-center gap-[0.5em] bg-[#6d28d9] px-4 py-[0.3em] text-center text-[clamp(20px,2.2vw,64px)] font-bold text-white ${
        overlay ? 'fixed inset-x-0 top-0 z-50 shadow-lg' : ''
      }`}
    >
      <Icon name="offline" className="h-[1.1em] w-[1.1em] flex-none" />
      <span>{t('conn.banner.feedDown', { time: formatClockTime(feed.since) })}</span>
    </div>
  );
}
