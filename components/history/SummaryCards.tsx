'use client';
/**
 * The day so far against the day before at the same time of day: one card per figure, the
 * previous value under it and an arrow when they differ (no colour judgement: more calls is
 * good, a longer idle is not, and the card does not pretend to know which the viewer wants).
 */
import type { HistorySummary, HistoryTotals } from '@/lib/history/types';
import { formatClockMinutes } from '@/lib/format/centre-time';
import { formatCount } from '@/lib/format/number';
import type { MessageKey } from '@/lib/i18n/dictionaries';
import { useT } from '@/components/i18n/I18nProvider';
import { formatPercent, formatSeconds } from './format';

interface Figure {
  label: MessageKey;
  value: (t: HistoryTotals) => number | null;
  format: (v: number | null) => string;
}

const FIGURES: readonly Figure[] = [
  { label: 'history.col.callsConnected', value: (t) => t.callsConnected, format: (v) => (v === null ? '—' : formatCount(v)) },
  { label: 'history.col.signedIn', value: (t) => t.signedInSeconds, format: formatSeconds },
  { label: 'history.col.avgTalk', value: (t) => t.avgTalkSeconds, format: formatSeconds },
  { label: 'history.col.avgWrap', value: (t) => t.avgWrapSeconds, format: formatSeconds },
  { label: 'history.col.occupancy', value: (t) => t.occupancy, format: formatPercent },
  { label: 'history.col.longestIdle', value: (t) => t.longestIdleSeconds, format: formatSeconds },
];

function arrow(cur: number | null, prev: number | null): string {
  if (cur === null || prev === null || Math.abs(cur - prev) < 1e-9) return '';
  return cur > prev ? '▲' : '▼';
}

export function SummaryCards({ summary }: { summary: HistorySummary }) {
  const t = useT();
  return (
    <section aria-labelledby="history-summary" className="flex flex-col gap-2">
      <h2 id="history-summary" className="text-sm text-muted">
        {t('history.summary.title', { day: summary.day, time: formatClockMinutes(summary.current.until, summary.timeZone) })}
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 xl:grid-cols-6">
        {FIGURES.map((f) => {
          const cur = f.value(summary.current);
          const prev = f.value(summary.previous);
          return (
            <li key={f.label} className="rounded-md border border-line bg-surface px-3 py-2" data-figure={f.label}>
              <div className="text-sm text-muted">{t(f.label)}</div>
              <div className="tabular text-2xl font-semibold">
                {f.format(cur)} <span className="text-base text-muted" aria-hidden="true">{arrow(cur, prev)}</span>
              </div>
              <div className="tabular text-sm text-muted">{t('history.summary.previous', { value: f.format(prev) })}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
