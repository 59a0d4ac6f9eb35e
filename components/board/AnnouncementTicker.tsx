'use client';
/** The latest announcements (公告) on one line: the newest in full weight, older ones after it. */
import { useAnnouncements, useNow } from '@/lib/client/hooks';
import { formatClockMinutes } from '@/lib/format/centre-time';
import { useT } from '@/components/i18n/I18nProvider';

/** An announcement this recent is marked as new. */
const NEW_FOR_MS = 5 * 60_000;
const SHOWN = 4;

export function AnnouncementTicker() {
  const t = useT();
  const list = useAnnouncements();
  const now = useNow();
  const [latest, ...older] = list.slice(0, SHOWN);
  return (
    <section
      aria-label={t('ticker.label')}
      className="flex min-w-0 items-center gap-[0.6em] overflow-hidden border-y border-line bg-surface px-3 py-[0.2em] whitespace-nowrap"
    >
      <span className="flex-none rounded bg-accent px-[0.45em] text-[0.85em] font-bold text-bg">{t('ticker.label')}</span>
      {latest ? (
        <p className="min-w-0 flex-1 truncate">
          <span className="tabular text-muted">{formatClockMinutes(latest.at)} </span>
          <span className={`font-semibold ${now - latest.at < NEW_FOR_MS ? 'text-fg' : ''}`}>{latest.text}</span>
          {older.map((a) => (
            <span key={a.id} className="text-muted">
              <span aria-hidden> │ </span>
              <span className="tabular">{formatClockMinutes(a.at)} </span>
              {a.text}
            </span>
          ))}
        </p>
      ) : (
        <p className="text-muted">{t('ticker.none')}</p>
      )}
    </section>
  );
}
