'use client';
/** Title, navigation, the centre's clock and the connection badge. */
import Link from 'next/link';
import { useNow } from '@/lib/client/hooks';
import { formatClockTime } from '@/lib/format/centre-time';
import { useT } from '@/components/i18n/I18nProvider';
import { ConnectionBadge } from './ConnectionBadge';

/** The centre's clock over the connection badge: the right end of the KPI row. */
export function ClockAndBadge() {
  const now = useNow();
  return (
    <div className="flex w-[10em] flex-none flex-col items-end justify-center gap-[0.25em]">
      <span className="tabular font-mono text-[1.5em] leading-none font-semibold" suppressHydrationWarning>
        {now ? formatClockTime(now) : '--:--:--'}
      </span>
      <ConnectionBadge />
    </div>
  );
}

/** Laptop title row: product name and navigation. */
export function BoardHeader({ title, navQuery }: { title: string; navQuery: string }) {
  const t = useT();
  return (
    <div className="flex items-center gap-[0.8em] whitespace-nowrap">
      <h1 className="font-bold">{title}</h1>
      {(
        <nav className="flex gap-3 text-[0.9em]">
          <Link href={`/${navQuery}`} className="text-accent underline-offset-2 hover:underline">
            {t('nav.floor')}
          </Link>
          <Link href={`/calls${navQuery}`} className="text-accent underline-offset-2 hover:underline">
            {t('nav.calls')}
          </Link>
        </nav>
      )}
    </div>
  );
}
