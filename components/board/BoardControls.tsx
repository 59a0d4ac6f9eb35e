'use client';
/** Laptop controls: filters and view choices, all written to the URL so any view can be shared as a link. */
import Link from 'next/link';
import { useEffect, useState, type ReactNode } from 'react';
import {
  DENSITIES,
  GROUP_KEYS,
  SORT_KEYS,
  THEMES,
  serializeBoardOptions,
  type BoardOptions,
  type OptionDefaults,
} from '@/lib/client/board-options';
import { useTeams } from '@/lib/client/hooks';
import { AGENT_STATUSES } from '@/lib/domain/status';
import { LANGS } from '@/lib/i18n/locales';
import { useLang, useT } from '@/components/i18n/I18nProvider';
import { useBoardNav } from './use-board-nav';

const SEARCH_DELAY_MS = 300;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex items-center gap-1 whitespace-nowrap">
      <span className="text-muted">{label}</span>
      {children}
    </label>
  );
}

const selectClass = 'rounded border border-line bg-raised px-1.5 py-0.5 text-fg';

export function BoardControls({ options, defaults }: { options: BoardOptions; defaults: OptionDefaults }) {
  const t = useT();
  const lang = useLang();
  const teams = useTeams();
  const go = useBoardNav(options, defaults);
  const [query, setQuery] = useState(options.query);

  useEffect(() => {
    if (query === options.query) return;
    const id = setTimeout(() => go({ query }), SEARCH_DELAY_MS);
    return () => clearTimeout(id);
  }, [query, options.query, go]);

  const teamValue = options.teams.join(',');
  const teamChoices = [...new Set([...teams, ...(teamValue && !teams.includes(teamValue) ? [teamValue] : [])])];
  const kioskQuery = serializeBoardOptions({ ...options, kiosk: true, lang: options.lang ?? lang }, { kiosk: true });

  return (
    <nav aria-label={t('controls.label')} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-1 text-sm">
      <Field label={t('controls.team')}>
        <select className={selectClass} value={teamValue} onChange={(e) => go({ teams: e.target.value ? e.target.value.split(',') : [] })}>
          <option value="">{t('controls.allTeams')}</option>
          {teamChoices.map((team) => (
            <option key={team} value={team}>
              {team}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('controls.status')}>
        <select
          className={selectClass}
          value={options.statuses.join(',')}
          onChange={(e) => go({ statuses: e.target.value ? (e.target.value.split(',') as BoardOptions['statuses']) : [] })}
        >
          <option value="">{t('controls.allStatuses')}</option>
          {AGENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('controls.sort')}>
        <select className={selectClass} value={options.sort} onChange={(e) => go({ sort: e.target.value as BoardOptions['sort'] })}>
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {t(`sort.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('controls.group')}>
        <select className={selectClass} value={options.group} onChange={(e) => go({ group: e.target.value as BoardOptions['group'] })}>
          {GROUP_KEYS.map((k) => (
            <option key={k} value={k}>
              {t(`group.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('controls.density')}>
        <select className={selectClass} value={options.density} onChange={(e) => go({ density: e.target.value as BoardOptions['density'] })}>
          {DENSITIES.map((k) => (
            <option key={k} value={k}>
              {t(`density.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <input
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('controls.search')}
        aria-label={t('controls.search')}
        className="w-48 rounded border border-line bg-raised px-2 py-0.5 text-fg placeholder:text-muted"
      />
      <Field label={t('controls.lang')}>
        <select className={selectClass} value={lang} onChange={(e) => go({ lang: e.target.value as BoardOptions['lang'] })}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {l === 'zh-CN' ? '中文' : 'English'}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('controls.theme')}>
        <select className={selectClass} value={options.theme} onChange={(e) => go({ theme: e.target.value as BoardOptions['theme'] })}>
          {THEMES.map((k) => (
            <option key={k} value={k}>
              {t(`theme.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Link href={`/announcements?lang=${options.lang ?? lang}`} className="ml-auto text-accent underline underline-offset-2">
        {t('nav.announcements')}
      </Link>
      <Link href={`/audit?lang=${options.lang ?? lang}`} className="text-accent underline underline-offset-2">
        {t('nav.audit')}
      </Link>
      <Link href={`/board${kioskQuery ? `?${kioskQuery}` : ''}`} className="text-accent underline underline-offset-2">
        {t('controls.kiosk')}
      </Link>
    </nav>
  );
}
