'use client';
/**
 * /alerts: the alerts open now, the history (GET /api/alerts with filters, newest first, paged
 * by cursor) with a CSV export of the same filters, and the rules editor for managers.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState, type FormEvent } from 'react';
import { authFetch } from '@/lib/auth/client';
import { renderAlertText } from '@/lib/alerts/messages';
import type { Alert, AlertHistoryPage } from '@/lib/alerts/types';
import type { Theme } from '@/lib/client/board-options';
import type { Lang } from '@/lib/i18n/locales';
import { ThemeRoot } from '@/components/ui/ThemeRoot';
import { I18nProvider, useLang, useT } from '@/components/i18n/I18nProvider';
import { AlertRulesEditor } from './AlertRulesEditor';
import { useAlertUser } from './use-alert-user';

interface AlertsResponse {
  serverTime: number;
  open: Alert[];
  history: AlertHistoryPage | null;
}

export interface HistoryFilters {
  from: string;
  to: string;
  event: string;
  severity: string;
  level: string;
  team: string;
  extno: string;
  ruleId: string;
}

const EMPTY: HistoryFilters = { from: '', to: '', event: '', severity: '', level: '', team: '', extno: '', ruleId: '' };

/** The query string of the filters (datetime-local values become epoch ms in the browser's zone). */
export function filterQuery(f: HistoryFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (!v) continue;
    if (k === 'from' || k === 'to') {
      const ms = new Date(v).getTime();
      if (Number.isFinite(ms)) p.set(k, String(ms));
    } else p.set(k, v.trim());
  }
  return p;
}

function ErrorText({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const e = error as { code?: string; message?: string };
  return (
    <p role="alert" className="text-red-700 dark:text-red-300">
      {t('alerts.page.error', { code: e.code ?? 'ERROR', message: e.message ?? '' })}
    </p>
  );
}

const input = 'rounded border border-line bg-raised px-2 py-1 text-fg';
const button = 'rounded border border-line bg-raised px-3 py-1 font-semibold text-fg hover:brightness-110';

function Body() {
  const t = useT();
  const lang = useLang();
  const user = useAlertUser();
  const [draft, setDraft] = useState<HistoryFilters>(EMPTY);
  const [filters, setFilters] = useState<HistoryFilters>(EMPTY);
  const qs = useMemo(() => filterQuery(filters).toString(), [filters]);
  const time = useMemo(() => new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }), [lang]);

  const open = useQuery({
    queryKey: ['alerts', 'open'],
    queryFn: () => authFetch<AlertsResponse>('/api/alerts?state=open'),
    refetchInterval: 5000,
  });
  const history = useInfiniteQuery({
    queryKey: ['alerts', 'history', qs],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams(qs);
      p.set('state', 'all');
      p.set('limit', '100');
      if (pageParam) p.set('cursor', pageParam);
      return authFetch<AlertsResponse>(`/api/alerts?${p.toString()}`);
    },
    getNextPageParam: (last) => last.history?.nextCursor ?? undefined,
  });
  const entries = history.data?.pages.flatMap((p) => p.history?.entries ?? []) ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const field = (k: keyof HistoryFilters) => ({
    value: draft[k],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value })),
  });
  const option = (v: string, label: string) => (
    <option key={v} value={v}>
      {label}
    </option>
  );

  return (
    <main className="flex flex-col gap-6 p-4">
      <section aria-labelledby="open-h" className="flex flex-col gap-2">
        <h2 id="open-h" className="text-lg font-semibold">
          {t('alerts.page.open')}
        </h2>
        <ErrorText error={open.error} />
        {open.data && open.data.open.length === 0 ? <p className="text-muted">{t('alerts.page.noneOpen')}</p> : null}
        <ul className="flex flex-col gap-1">
          {open.data?.open.map((a) => (
            <li key={a.id} data-severity={a.severity} className="flex gap-2">
              <span className="font-semibold">{t(`alerts.severity.${a.severity}`)}</span>
              <span className="tabular">{time.format(a.openedAt)}</span>
              <span>{renderAlertText(a.message, lang)}</span>
              {a.acknowledged ? <span className="text-muted">✓ {t('alerts.acked', { name: a.acknowledged.by.name })}</span> : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="history-h" className="flex flex-col gap-2">
        <h2 id="history-h" className="text-lg font-semibold">
          {t('alerts.page.history')}
        </h2>
        <form onSubmit={submit} aria-label={t('alerts.page.filters')} className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col text-sm">
            {t('alerts.page.from')}
            <input type="datetime-local" className={input} {...field('from')} />
          </label>
          <label className="flex flex-col text-sm">
            {t('alerts.page.to')}
            <input type="datetime-local" className={input} {...field('to')} />
          </label>
          <label className="flex flex-col text-sm">
            {t('alerts.page.event')}
            <select className={input} {...field('event')}>
              {option('', t('alerts.page.any'))}
              {(['opened', 'acknowledged', 'closed'] as const).map((v) => option(v, t(`alerts.page.event.${v}`)))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            {t('alerts.page.severity')}
            <select className={input} {...field('severity')}>
              {option('', t('alerts.page.any'))}
              {(['critical', 'warning', 'info'] as const).map((v) => option(v, t(`alerts.severity.${v}`)))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            {t('alerts.page.level')}
            <select className={input} {...field('level')}>
              {option('', t('alerts.page.any'))}
              {(['agent', 'team', 'floor'] as const).map((v) => option(v, t(`alerts.page.level.${v}`)))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            {t('alerts.page.team')}
            <input className={`${input} w-28`} {...field('team')} />
          </label>
          <label className="flex flex-col text-sm">
            {t('alerts.page.extno')}
            <input className={`${input} w-24`} inputMode="numeric" {...field('extno')} />
          </label>
          <label className="flex flex-col text-sm">
            {t('alerts.page.rule')}
            <input className={`${input} w-32`} {...field('ruleId')} />
          </label>
          <button type="submit" className={button}>
            {t('alerts.page.apply')}
          </button>
          {user.canExport ? (
            <a className="text-accent underline" href={`/api/alerts.csv${qs ? `?${qs}` : ''}`} download data-testid="alerts-csv">
              {t('alerts.page.csv')}
            </a>
          ) : null}
        </form>
        <ErrorText error={history.error} />
        {history.isPending ? <p>{t('alerts.page.loading')}</p> : null}
        {!history.isPending && entries.length === 0 ? <p className="text-muted">{t('alerts.page.noHistory')}</p> : null}
        {entries.length ? (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm" data-testid="alerts-history">
              <thead>
                <tr className="border-b border-line text-left">
                  <th className="p-1">{t('alerts.page.time')}</th>
                  <th className="p-1">{t('alerts.page.event')}</th>
                  <th className="p-1">{t('alerts.page.severity')}</th>
                  <th className="p-1">{t('alerts.page.rule')}</th>
                  <th className="p-1">{t('alerts.page.message')}</th>
                  <th className="p-1">{t('alerts.page.actor')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e, i) => (
                  <tr key={`${e.alert.id}-${e.event}-${e.at}-${i}`} className="border-b border-line">
                    <td className="tabular whitespace-nowrap p-1">{time.format(e.at)}</td>
                    <td className="p-1">{t(`alerts.page.event.${e.event}`)}</td>
                    <td className="p-1">{t(`alerts.severity.${e.alert.severity}`)}</td>
                    <td className="p-1 font-mono">{e.alert.ruleId}</td>
                    <td className="p-1">{renderAlertText(e.alert.message, lang)}</td>
                    <td className="p-1">{e.actor?.name ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {history.hasNextPage ? (
          <button type="button" className={`${button} self-start`} disabled={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            {t('alerts.page.more')}
          </button>
        ) : null}
      </section>

      <AlertRulesEditor canEdit={user.canManageRules} />
    </main>
  );
}

function Header() {
  const t = useT();
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-line bg-surface px-4 py-2">
      <h1 className="text-lg font-semibold">{t('alerts.page.title')}</h1>
      <span className="flex-1" />
      <Link href="/" className="text-accent underline-offset-2 hover:underline">
        {t('alerts.page.board')}
      </Link>
    </header>
  );
}

export function AlertsPage({ lang, theme }: { lang: Lang; theme: Theme }) {
  return (
    <I18nProvider lang={lang}>
      <ThemeRoot theme={theme} className="flex min-h-screen flex-col">
        <Header />
        <Body />
      </ThemeRoot>
    </I18nProvider>
  );
}
