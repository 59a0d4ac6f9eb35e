'use client';
/**
 * The history page's controls: the day (a date input with previous / next / today), the team
 * (the teams the board shows this user: the server scopes them), the interval length, and the CSV downloads of the
 * two tables with the same day and team, headers in the page's language.
 */
import { useId } from 'react';
import { INTERVAL_CHOICES, historyQuery, type HistoryParams } from '@/lib/client/history-queries';
import { shiftDay } from '@/lib/history/days';
import type { Lang } from '@/lib/i18n/locales';
import { useT } from '@/components/i18n/I18nProvider';
import { buttonClass, inputClass } from '@/components/controls/Dialog';

export interface HistoryFiltersProps {
  params: HistoryParams;
  /** The day shown (the server's today when `params.day` is null). */
  shownDay: string | null;
  /** The centre's today, as the server said it. */
  today: string | null;
  teams: readonly string[];
  lang: Lang;
  onChange(next: HistoryParams): void;
}

export function HistoryFilters({ params, shownDay, today, teams, lang, onChange }: HistoryFiltersProps) {
  const t = useT();
  const id = useId();
  /** Today is `day=` absent: it keeps refreshing and rolls over at the centre's midnight. */
  const setDay = (day: string | null) => onChange({ ...params, day: day === null || day === today ? null : day });
  const csvQuery = historyQuery(params, { lang });
  const teamOptions = params.team && !teams.includes(params.team) ? [...teams, params.team] : teams;
  return (
    <div className="flex flex-wrap items-end gap-3 rounded-md border border-line bg-surface p-3" role="group" aria-label={t('history.title')}>
      <div className="flex flex-col gap-0.5">
        <label htmlFor={`${id}-day`} className="text-sm text-muted">
          {t('history.day')}
        </label>
        <div className="flex items-center gap-1">
          <button type="button" className={buttonClass} disabled={!shownDay} onClick={() => shownDay && setDay(shiftDay(shownDay, -1))} aria-label={t('history.prevDay')}>
            ‹
          </button>
          <input
            id={`${id}-day`}
            type="date"
            className={inputClass}
            value={shownDay ?? ''}
            max={today ?? undefined}
            onChange={(e) => e.target.value && setDay(e.target.value)}
          />
          <button
            type="button"
            className={buttonClass}
            disabled={!shownDay || shownDay === today}
            onClick={() => shownDay && setDay(shiftDay(shownDay, 1))}
            aria-label={t('history.nextDay')}
          >
            ›
          </button>
          <button type="button" className={buttonClass} disabled={params.day === null} onClick={() => setDay(null)}>
            {t('history.today')}
          </button>
        </div>
      </div>
      <div className="flex flex-col gap-0.5">
        <label htmlFor={`${id}-team`} className="text-sm text-muted">
          {t('history.team')}
        </label>
        <select id={`${id}-team`} className={inputClass} value={params.team ?? ''} onChange={(e) => onChange({ ...params, team: e.target.value || null })}>
          <option value="">{t('history.allTeams')}</option>
          {teamOptions.map((team) => (
            <option key={team} value={team}>
              {team}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-0.5">
        <label htmlFor={`${id}-interval`} className="text-sm text-muted">
          {t('history.interval')}
        </label>
        <select id={`${id}-interval`} className={inputClass} value={params.interval} onChange={(e) => onChange({ ...params, interval: Number(e.target.value) })}>
          {INTERVAL_CHOICES.map((n) => (
            <option key={n} value={n}>
              {t('history.minutes', { n })}
            </option>
          ))}
        </select>
      </div>
      <div className="ml-auto flex gap-2">
        <a className={buttonClass} href={`/api/history/intervals.csv?${csvQuery}`} download data-testid="csv-intervals">
          {t('history.csv.intervals')}
        </a>
        <a className={buttonClass} href={`/api/history/agents.csv?${csvQuery}`} download data-testid="csv-agents">
          {t('history.csv.agents')}
        </a>
      </div>
    </div>
  );
}
