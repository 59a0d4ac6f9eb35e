'use client';
/** Kiosk paging: which page of how many, which teams, and a bar draining to the next page. */
import { useT } from '@/components/i18n/I18nProvider';

export function PageIndicator({
  page,
  pages,
  labels,
  seconds,
}: {
  page: number;
  pages: number;
  labels: readonly string[];
  seconds: number;
}) {
  const t = useT();
  return (
    <div className="flex items-center gap-3 border-t border-line bg-surface px-3 py-1 text-[clamp(14px,1.1vw,30px)]" role="status">
      <span className="font-semibold tabular">{t('page.indicator', { page: page + 1, pages })}</span>
      <span className="flex gap-1" aria-hidden>
        {Array.from({ length: pages }, (_, i) => (
          <span key={i} className={`inline-block h-[0.6em] w-[0.6em] rounded-full ${i === page ? 'bg-fg' : 'border border-muted'}`} />
        ))}
      </span>
      <span className="min-w-0 flex-1 truncate text-muted">{t('page.teams', { teams: labels.join(', ') })}</span>
      <span className="h-1 w-40 overflow-hidden rounded bg-line" aria-hidden>
        {/*
          One step a second, like the timers: a bar moving every frame made the display compositor
          redraw every frame (a quarter of its CPU on a software-composited 4K wall, rule V11).
        */}
        <span
          key={page}
          className="fb-page-progress block h-full bg-accent"
          style={{ animationDuration: `${seconds}s`, animationTimingFunction: `steps(${Math.max(1, Math.round(seconds))}, end)` }}
        />
      </span>
    </div>
  );
}
