'use client';
/**
 * The day so far against the day before at the same time of day: one card per figure, the
 * previous value under it and an arrow when they differ (no colour judgement: more calls is
 * good, a longer idle is not, and the card does not pretend to know which the viewer wants).
 */
import type { HistorySummary, HistoryTotals } from '@/lib/history/types';
import { formatClockMinutes } from '@/lib/format/centre-time';
import { formatCount } from '@/lib/format/number';
import type { MessageKey, Translate } from '@/lib/i18n/dictionaries';
import { useT } from '@/components/i18n/I18nProvider';
import { formatPercent, formatSeconds } from './format';

interface Figure {
  label: MessageKey;
  value: (t: HistoryTotals) => number | null;
  format: (v: number | null) => string;
}

function figures(t: Translate): readonly Figure[] {
  const formatAgentHours = (seconds: number) => t('history.agentHours', { n: (Math.round(seconds / 360) / 10).toFixed(1) });
  return [
    { label: 'history.col.callsConnected', value: (x) => x.callsConnected, format: (v) => (v === null ? '—' : formatCount(v)) },
    // Summed over agents: agent-hours read better than a 30-hour "clock".
    { label: 'history.col.signedIn', value: (x) => x.signedInSeconds, format: (v) => (v === null ? '—' : formatAgentHours(v)) },
    { label: 'history.col.avgTalk', value: (x) => x.avgTalkSeconds, format: formatSeconds },
    { label: 'history.col.avgWrap', value: (x) => x.avgWrapSeconds, format: formatSeconds },
    { label: 'history.col.occupancy', value: (x) => x.occupancy, format: formatPercent },
    { label: 'history.col.longestIdle', value: (x) => x.longestIdleSeconds, format: formatSeconds },
  ];
}

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
        {figures(t).map((f) => {
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
