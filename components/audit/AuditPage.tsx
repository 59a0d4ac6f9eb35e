'use client';
/**
 * The audit trail (GET /api/audit): filters (actor, agent, action, result, from/to), newest
 * first, paged with the server's cursor, and an "Export CSV" link with the same filters.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import type { BoardOptions } from '@/lib/client/board-options';
import { AUDIT_ACTIONS, AUDIT_RESULTS, type AuditPage as AuditPageData, type AuditRecord } from '@/lib/control/audit';
import { formatClockTime } from '@/lib/format/centre-time';
import { createTranslator, type MessageKey } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';
import { PageShell } from '@/components/ui/PageShell';
import { useT } from '@/components/i18n/I18nProvider';
import { ApiError, apiData } from '@/components/controls/api';
import { buttonClass, inputClass, primaryClass } from '@/components/controls/Dialog';

interface Filters {
  actor: string;
  extno: string;
  action: string;
  result: string;
  /** datetime-local values (the browser's zone). */
  from: string;
  to: string;
}
const EMPTY: Filters = { actor: '', extno: '', action: '', result: '', from: '', to: '' };
const PAGE_SIZE = 50;

function queryOf(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.extno.trim()) q.set('extno', f.extno.trim());
  if (f.action) q.set('action', f.action);
  if (f.result) q.set('result', f.result);
  const from = f.from ? new Date(f.from).getTime() : NaN;
  const to = f.to ? new Date(f.to).getTime() : NaN;
  if (Number.isFinite(from)) q.set('from', String(from));
  if (Number.isFinite(to)) q.set('to', String(to));
  return q;
}

function dayAndTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClockTime(at)}`;
}

function Field({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={id} className="text-sm text-muted">
        {label}
      </label>
      {children}
    </div>
  );
}

function Row({ r }: { r: AuditRecord }) {
  const t = useT();
  const params = Object.entries(r.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  return (
    <tr className="border-t border-line align-top" data-action={r.action} data-result={r.result}>
      <td className="whitespace-nowrap tabular">{dayAndTime(r.at)}</td>
      <td>
        {r.actor.name} <span className="text-muted">({r.actor.role})</span>
      </td>
      <td className="font-mono">{r.action}</td>
      <td>
        {r.target.extno || '—'} <span className="text-muted">{r.target.team}</span>
      </td>
      <td className="max-w-[18rem] break-words font-mono text-sm">{params || '—'}</td>
      <td>{r.statusBefore ?? '—'}</td>
      <td>{t(`audit.result.${r.result}` as MessageKey)}</td>
      <td className="max-w-[18rem] break-words text-sm">{[r.code, r.reason].filter(Boolean).join(': ') || '—'}</td>
      <td className="text-right tabular">{r.durationMs} ms</td>
    </tr>
  );
}

function AuditBody() {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  /** Cursors of the pages shown so far: [undefined] is the newest page. */
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const base = queryOf(applied);

  const q = useQuery({
    queryKey: ['audit', base.toString(), cursor ?? ''],
    queryFn: () => {
      const qs = new URLSearchParams(base);
      qs.set('limit', String(PAGE_SIZE));
      if (cursor) qs.set('cursor', cursor);
      return apiData<AuditPageData>(`/api/audit?${qs.toString()}`);
    },
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const csv = `/api/audit.csv${base.toString() ? `?${base.toString()}` : ''}`;

  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-end gap-3 rounded-md border border-line bg-surface p-3"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
          setCursors([undefined]);
        }}
      >
        <Field label={t('audit.actor')} id={`${id}-actor`}>
          <input id={`${id}-actor`} className={inputClass} value={draft.actor} onChange={set('actor')} size={12} />
        </Field>
        <Field label={t('audit.agent')} id={`${id}-extno`}>
          <input id={`${id}-extno`} className={inputClass} value={draft.extno} onChange={set('extno')} size={8} />
        </Field>
        <Field label={t('audit.action')} id={`${id}-action`}>
          <select id={`${id}-action`} className={inputClass} value={draft.action} onChange={set('action')}>
            <option value="">{t('audit.any')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.result')} id={`${id}-result`}>
          <select id={`${id}-result`} className={inputClass} value={draft.result} onChange={set('result')}>
            <option value="">{t('audit.any')}</option>
            {AUDIT_RESULTS.map((r) => (
              <option key={r} value={r}>
                {t(`audit.result.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.from')} id={`${id}-from`}>
          <input id={`${id}-from`} type="datetime-local" className={inputClass} value={draft.from} onChange={set('from')} />
        </Field>
        <Field label={t('audit.to')} id={`${id}-to`}>
          <input id={`${id}-to`} type="datetime-local" className={inputClass} value={draft.to} onChange={set('to')} />
        </Field>
        <button type="submit" className={primaryClass}>
          {t('audit.apply')}
        </button>
        <button
          type="button"
          className={buttonClass}
          onClick={() => {
            setDraft(EMPTY);
            setApplied(EMPTY);
            setCursors([undefined]);
          }}
        >
          {t('audit.clear')}
        </button>
        <a href={csv} className="ml-auto text-accent underline underline-offset-2" download data-testid="audit-csv">
          {t('audit.export')}
        </a>
      </form>

      {q.error ? (
        <p role="alert">{t('ann.loadError', { code: q.error instanceof ApiError ? q.error.code : 'NETWORK', message: q.error.message })}</p>
      ) : null}

      <div className="overflow-x-auto rounded-md border border-line bg-surface">
        <table className="w-full border-collapse text-left [&_td]:px-2 [&_td]:py-1 [&_th]:px-2 [&_th]:py-1" data-testid="audit-table" aria-busy={q.isFetching}>
          <thead className="bg-raised text-sm">
            <tr>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.agent')}</th>
              <th scope="col">{t('audit.params')}</th>
              <th scope="col">{t('audit.statusBefore')}</th>
              <th scope="col">{t('audit.result')}</th>
              <th scope="col">{t('audit.reason')}</th>
              <th scope="col" className="text-right">
                {t('audit.duration')}
              </th>
            </tr>
          </thead>
          <tbody>
            {q.data?.records.map((r) => <Row key={r.id} r={r} />)}
            {q.data && !q.data.records.length ? (
              <tr>
                <td colSpan={9} className="text-muted">
                  {t('audit.empty')}
                </td>
              </tr>
            ) : null}
            {!q.data && !q.error ? (
              <tr>
                <td colSpan={9} className="text-muted">
                  {t('audit.loading')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      <nav className="flex items-center gap-3" aria-label={t('audit.page', { n: cursors.length })}>
        <button type="button" className={buttonClass} disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t('audit.newer')}
        </button>
        <span className="tabular">{t('audit.page', { n: cursors.length })}</span>
        <button
          type="button"
          className={buttonClass}
          disabled={!q.data?.nextCursor || q.isPlaceholderData}
          onClick={() => {
            const next = q.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('audit.older')}
        </button>
      </nav>
    </div>
  );
}

export function AuditPage({ options, lang }: { options: BoardOptions; lang: Lang }) {
  const t = createTranslator(lang);
  return (
    <PageShell options={options} lang={lang} teams={options.teams} title={t('audit.heading')}>
      <AuditBody />
    </PageShell>
  );
}
