'use client';
/**
 * Display links: create one for a wall TV (teams + view), copy its URL (shown once), see when
 * each was last used, revoke at once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DENSITIES, SORT_KEYS, THEMES } from '@/lib/client/board-options';
import { authFetch, parseTeams } from '@/lib/auth/client';
import type { AuthTranslate } from '@/lib/auth/i18n';
import type { DisplayLinkInfo } from '@/lib/auth/types';
import { LANGS, type Lang } from '@/lib/i18n/locales';
import { AdminTable, Button, ErrorLine, Field, RevokeCell, SecretBox, Section, formatTime, inputClass } from './AdminParts';

const LINKS = ['admin', 'display-links'] as const;

function Choice({ label, value, options, onChange, t }: { label: string; value: string; options: readonly string[]; onChange: (v: string) => void; t: AuthTranslate }) {
  return (
    <Field label={label}>
      <select value={value} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        <option value="">{t('links.default')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
}

function AddLink({ t, onCreated }: { t: AuthTranslate; onCreated: (url: string) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [all, setAll] = useState(false);
  const [teams, setTeams] = useState('');
  const [view, setView] = useState({ density: '', sort: '', lang: '', theme: '' });
  const create = useMutation({
    mutationFn: () =>
      authFetch<{ path: string }>('/api/admin/display-links', {
        method: 'POST',
        body: { name, teams: all ? '*' : parseTeams(teams), view: Object.fromEntries(Object.entries(view).filter(([, v]) => v !== '')) },
      }),
    onSuccess: (r) => {
      onCreated(`${window.location.origin}${r.path}`);
      setName('');
      setTeams('');
      void qc.invalidateQueries({ queryKey: LINKS });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const setV = (k: keyof typeof view) => (v: string) => setView((x) => ({ ...x, [k]: v }));
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label={t('links.add')}>
      <Field label={t('admin.name')}>
        <input required value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
      </Field>
      <Field label={t('admin.teams')} hint={t('admin.teamsHint')}>
        <input value={teams} disabled={all} onChange={(e) => setTeams(e.target.value)} className={inputClass} required={!all} />
      </Field>
      <label className="flex items-center gap-1 pb-1.5 text-sm">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        {t('admin.allTeams')}
      </label>
      <Choice label={t('links.density')} value={view.density} options={DENSITIES} onChange={setV('density')} t={t} />
      <Choice label={t('links.sort')} value={view.sort} options={SORT_KEYS} onChange={setV('sort')} t={t} />
      <Choice label={t('links.lang')} value={view.lang} options={LANGS} onChange={setV('lang')} t={t} />
      <Choice label={t('links.theme')} value={view.theme} options={THEMES} onChange={setV('theme')} t={t} />
      <Button type="submit" kind="primary" disabled={create.isPending}>
        {t('admin.create')}
      </Button>
      <ErrorLine error={create.error} t={t} />
    </form>
  );
}

function LinkRow({ link, t, lang }: { link: DisplayLinkInfo; t: AuthTranslate; lang: Lang }) {
  const view = Object.entries(link.view)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return (
    <tr className="border-t border-line">
      <td className="py-2 pr-2 font-medium">{link.name}</td>
      <td className="py-2 pr-2">{link.teams === '*' ? t('admin.allTeams') : link.teams.join(', ')}</td>
      <td className="py-2 pr-2 font-mono text-xs">{view}</td>
      <td className="py-2 pr-2">{formatTime(link.lastUsedAt, lang, t)}</td>
      <td className="py-2 pr-2">{link.revokedAt === null ? t('admin.active') : t('admin.revoked')}</td>
      <RevokeCell path={`/api/admin/display-links/${link.id}/revoke`} listKey={LINKS} revoked={link.revokedAt !== null} t={t} />
    </tr>
  );
}

export function DisplayLinksPanel({ t, lang }: { t: AuthTranslate; lang: Lang }) {
  const links = useQuery({ queryKey: LINKS, queryFn: () => authFetch<DisplayLinkInfo[]>('/api/admin/display-links'), refetchInterval: 60_000 });
  const [created, setCreated] = useState<string | null>(null);
  return (
    <Section id="display-links" title={t('admin.displayLinks')}>
      <AddLink t={t} onCreated={setCreated} />
      {created ? <SecretBox value={created} t={t} /> : null}
      <ErrorLine error={links.error} t={t} />
      <AdminTable headers={[t('admin.name'), t('admin.teams'), t('links.view'), t('admin.lastUse'), t('admin.status'), t('admin.actions')]}>
        {(links.data ?? []).map((l) => (
          <LinkRow key={l.id} link={l} t={t} lang={lang} />
        ))}
      </AdminTable>
    </Section>
  );
}
