'use client';
/**
 * The history page (/history): a day of one team or of every team the user may see, in
 * 15-minute intervals (charts), today so far against yesterday at the same time (cards), and
 * the per-agent table, each exportable as CSV. Day and team live in the URL (`day`, `team`),
 * so a link shows the same page to a colleague (scoped to their own teams by the server).
 */
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import type { BoardOptions } from '@/lib/client/board-options';
import { dayKey } from '@/lib/domain/day';
import { DEFAULT_INTERVAL, HistoryApiError, useHistoryAgents, useHistoryIntervals, useHistorySummary, type HistoryParams } from '@/lib/client/history-queries';
import { useTeams } from '@/lib/client/hooks';
import type { Lang } from '@/lib/i18n/locales';
import { PageShell } from '@/components/ui/PageShell';
import { useT } from '@/components/i18n/I18nProvider';
import { buttonClass } from '@/components/controls/Dialog';
import { AgentTable } from './AgentTable';
import { HistoryFilters } from './HistoryFilters';
import { IntervalCharts, activeIntervals } from './IntervalCharts';
import { SummaryCards } from './SummaryCards';

interface QueryView {
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
}

/** Loading, error (with the API's reason) or the content. */
function Loaded({ q, children }: { q: QueryView; children: () => ReactNode }) {
  const t = useT();
  if (q.isPending) return <p className="text-muted" role="status">{t('history.loading')}</p>;
  if (q.isError) {
    const code = q.error instanceof HistoryApiError ? q.error.code : '';
    const text =
      code === 'HISTORY_UNAVAILABLE' ? t('history.unavailable') : code === 'FORBIDDEN' ? t('history.forbidden') : t('history.error', { message: q.error?.message ?? '' });
    return (
      <div role="alert" className="flex items-center gap-3 rounded-md border border-line bg-surface p-3">
        <span>{text}</span>
        <button type="button" className={buttonClass} onClick={() => void q.refetch()}>
          {t('history.retry')}
        </button>
      </div>
    );
  }
  return <>{children()}</>;
}

function HistoryBody({ params, lang, carried }: { params: HistoryParams; lang: Lang; carried: URLSearchParams }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const teams = useTeams();
  const intervals = useHistoryIntervals(params);
  const summary = useHistorySummary(params);
  const agents = useHistoryAgents(params);
  const shownDay = intervals.data?.day ?? summary.data?.day ?? params.day;
  // The centre's today by the server's clock and zone (not the laptop's).
  const today = intervals.data ? dayKey(intervals.data.serverTime, intervals.data.timeZone) : null;

  const navigate = (next: HistoryParams) => {
    const q = new URLSearchParams(carried);
    if (next.day) q.set('day', next.day);
    if (next.team) q.set('team', next.team);
    if (next.interval !== DEFAULT_INTERVAL) q.set('interval', String(next.interval));
    router.push(`${pathname}?${q.toString()}`);
  };

  return (
    <div className="flex flex-col gap-4">
      <HistoryFilters params={params} shownDay={shownDay} today={today} teams={teams} lang={lang} onChange={navigate} />
      <Loaded q={summary}>{() => summary.data && <SummaryCards summary={summary.data} />}</Loaded>
      <Loaded q={intervals}>
        {() =>
          intervals.data && activeIntervals(intervals.data.intervals).length > 0 ? (
            <IntervalCharts intervals={intervals.data.intervals} timeZone={intervals.data.timeZone} minutes={intervals.data.intervalMinutes} />
          ) : (
            <p className="rounded-md border border-line bg-surface p-3 text-muted">{t('history.empty')}</p>
          )
        }
      </Loaded>
      <section aria-labelledby="history-agents" className="flex flex-col gap-2">
        <h2 id="history-agents" className="text-base font-semibold">
          {t('history.agents.title')}
          {agents.data ? <span className="ml-2 text-sm font-normal text-muted">{t('history.agents.count', { n: agents.data.agents.length })}</span> : null}
        </h2>
        <Loaded q={agents}>
          {() =>
            agents.data && agents.data.agents.length > 0 ? (
              <AgentTable agents={agents.data.agents} />
            ) : (
              <p className="rounded-md border border-line bg-surface p-3 text-muted">{t('history.empty')}</p>
            )
          }
        </Loaded>
      </section>
    </div>
  );
}

export interface HistoryPageProps {
  options: BoardOptions;
  lang: Lang;
  params: HistoryParams;
}

export function HistoryPage({ options, lang, params }: HistoryPageProps) {
  // Language and theme ride along when the day or team changes.
  const carried = new URLSearchParams();
  if (options.lang) carried.set('lang', options.lang);
  if (options.theme !== 'auto') carried.set('theme', options.theme);
  return (
    <PageShell options={options} lang={lang} teams={[]} title={<HistoryTitle />}>
      <HistoryBody params={params} lang={lang} carried={carried} />
    </PageShell>
  );
}

function HistoryTitle() {
  const t = useT();
  return <>{t('history.title')}</>;
}
