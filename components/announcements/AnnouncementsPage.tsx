'use client';
/**
 * Announcements (docs/control-api.md): compose, choose the audience (floor, teams, agents),
 * preview, send with one requestId per intent; then "delivered N of M" with who is missing and
 * why, live from the board socket's `announce:receipts` (polled only while no socket is up),
 * "resend to missing", and the history.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { controlChannel } from '@/lib/client/control-channel';
import type { BoardOptions } from '@/lib/client/board-options';
import { useAgentList, useTeams } from '@/lib/client/hooks';
import { announcementTextSchema, type Audience, type AnnouncementView } from '@/lib/control/announce';
import { createTranslator, type MessageKey, type Translate } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';
import { PageShell } from '@/components/ui/PageShell';
import { useT } from '@/components/i18n/I18nProvider';
import { formatClockTime } from '@/lib/format/centre-time';
import { ApiError, apiData, apiJson } from '@/components/controls/api';
import { buttonClass, inputClass, primaryClass } from '@/components/controls/Dialog';
import { TONE_CLASS, failureText, toneOf } from '@/components/controls/messages';
import { useIntent } from '@/components/controls/use-intent';
import { applyReceipts } from './receipts';

type Kind = 'floor' | 'teams' | 'extnos';
/** Only while no board socket is up: receipts then cannot be pushed. */
const FALLBACK_POLL_MS = 3000;

function audienceText(t: Translate, a: Audience): string {
  if (a.kind === 'floor') return t('ann.audienceFloor');
  if (a.kind === 'teams') return t('ann.audienceTeams', { teams: a.teams.join(', ') });
  return t('ann.audienceAgents', { n: a.extnos.length });
}

function Receipts({ id }: { id: string }) {
  const t = useT();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['announcements', id],
    queryFn: () => apiData<AnnouncementView>(`/api/announcements/${encodeURIComponent(id)}`),
    refetchInterval: (query) => {
      const v = query.state.data;
      return (v && v.delivered >= v.total) || controlChannel.isConnected() ? false : FALLBACK_POLL_MS;
    },
    staleTime: 0,
  });
  useEffect(
    () =>
      controlChannel.onReceipts((r) => {
        if (r.id !== id) return;
        qc.setQueryData<AnnouncementView>(['announcements', id], (v) => (v ? applyReceipts(v, r) : v));
      }),
    [id, qc],
  );
  const send = useCallback(
    (requestId: string) => apiJson<AnnouncementView>(`/api/announcements/${encodeURIComponent(id)}/resend`, { method: 'POST', body: { requestId } }),
    [id],
  );
  const resend = useIntent<AnnouncementView, null>(send);
  const v = q.data;
  if (q.error) {
    const e = q.error;
    return <p role="alert">{t('ann.loadError', { code: e instanceof ApiError ? e.code : 'NETWORK', message: e.message })}</p>;
  }
  if (!v) return <p className="text-muted">{t('audit.loading')}</p>;
  const missing = v.recipients.filter((r) => r.deliveredAt === null);
  const lastSend = v.sends.at(-1);
  return (
    <div className="flex flex-col gap-2" data-testid="receipts" data-delivered={v.delivered} data-total={v.total}>
      <p className="text-2xl font-bold tabular" role="status" aria-live="polite">
        {t('ann.delivered', { n: v.delivered, m: v.total })}
      </p>
      <p className="break-words whitespace-pre-wrap">{v.text}</p>
      <p className="text-sm text-muted">
        {audienceText(t, v.audience)} · {formatClockTime(v.createdAt)}
        {lastSend ? ` · ${t(`ann.outcome.${lastSend.outcome}` as MessageKey)}` : ''}
        {lastSend?.reason ? ` (${lastSend.reason})` : ''}
      </p>
      {missing.length ? (
        <>
          <h3 className="font-semibold">{t('ann.missing')}</h3>
          <ul className="max-h-60 overflow-auto text-sm" data-testid="missing">
            {missing.map((r) => (
              <li key={r.extno}>
                {r.name} ({r.extno}) · {r.team} — {r.reason ? t(`ann.reason.${r.reason}` as MessageKey) : ''}
              </li>
            ))}
          </ul>
          <div>
            <button
              type="button"
              className={buttonClass}
              disabled={resend.pending}
              onClick={async () => {
                const ack = await resend.run(null);
                if (ack?.ok) {
                  qc.setQueryData(['announcements', id], ack.data);
                  void qc.invalidateQueries({ queryKey: ['announcements', 'list'] });
                }
              }}
            >
              {resend.pending ? t('ann.sending') : t('ann.resend', { n: missing.length })}
            </button>
          </div>
        </>
      ) : (
        <p>{t('ann.allDelivered')}</p>
      )}
      {resend.last && !resend.last.ok ? (
        <p role="alert" className={`rounded border-l-4 px-2 py-1 ${TONE_CLASS[toneOf(resend.last)]}`}>
          {failureText(t, resend.last.code, resend.last.message)}
        </p>
      ) : null}
    </div>
  );
}

function Compose({ onSent }: { onSent: (v: AnnouncementView) => void }) {
  const t = useT();
  const teams = useTeams();
  const agents = useAgentList();
  const ids = { text: useId(), filter: useId() };
  const [text, setText] = useState('');
  const [kind, setKind] = useState<Kind>('teams');
  const [chosenTeams, setChosenTeams] = useState<string[]>([]);
  const [chosenAgents, setChosenAgents] = useState<string[]>([]);
  const [filter, setFilter] = useState('');

  const audience = useMemo<Audience | null>(
    () =>
      kind === 'floor'
        ? { kind: 'floor' }
        : kind === 'teams'
          ? chosenTeams.length
            ? { kind: 'teams', teams: chosenTeams }
            : null
          : chosenAgents.length
            ? { kind: 'extnos', extnos: chosenAgents }
            : null,
    [kind, chosenTeams, chosenAgents],
  );
  const count = useMemo(() => {
    if (!audience) return 0;
    if (audience.kind === 'floor') return agents.length;
    if (audience.kind === 'teams') return agents.filter((a) => audience.teams.includes(a.team)).length;
    return audience.extnos.length;
  }, [audience, agents]);
  const textOk = announcementTextSchema.safeParse(text).success;

  const send = useCallback(
    (requestId: string, body: { text: string; audience: Audience }) => apiJson<AnnouncementView>('/api/announcements', { method: 'POST', body: { requestId, ...body } }),
    [],
  );
  const intent = useIntent<AnnouncementView, { text: string; audience: Audience }>(send);

  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = f ? agents.filter((a) => a.extno.toLowerCase().includes(f) || a.name.toLowerCase().includes(f) || a.team.toLowerCase().includes(f)) : agents;
    return [...list].sort((a, b) => a.extno.localeCompare(b.extno)).slice(0, 200);
  }, [agents, filter]);

  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  return (
    <form
      className="flex flex-col gap-3 rounded-md border border-line bg-surface p-3"
      aria-label={t('ann.compose')}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!textOk || !audience) return;
        const ack = await intent.run({ text: text.trim(), audience });
        if (ack?.ok) {
          onSent(ack.data);
          setText('');
        }
      }}
    >
      <h2 className="text-base font-semibold">{t('ann.compose')}</h2>
      <label htmlFor={ids.text}>{t('ann.text')}</label>
      <textarea id={ids.text} className={`${inputClass} min-h-24`} value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} />
      <span className="text-sm text-muted">{t('ann.textCount', { n: text.trim().length })}</span>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-semibold">{t('ann.audience')}</legend>
        <div className="flex flex-wrap gap-4">
          {(['floor', 'teams', 'extnos'] as const).map((k) => (
            <label key={k} className="inline-flex items-center gap-1">
              <input type="radio" name="audience" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(k === 'floor' ? 'ann.floor' : k === 'teams' ? 'ann.teams' : 'ann.agents')}
            </label>
          ))}
        </div>
        {kind === 'teams' ? (
          <div className="flex flex-wrap gap-3" role="group" aria-label={t('ann.teams')}>
            {teams.map((team) => (
              <label key={team} className="inline-flex items-center gap-1">
                <input type="checkbox" name="team" value={team} checked={chosenTeams.includes(team)} onChange={() => setChosenTeams((l) => toggle(l, team))} />
                {team}
              </label>
            ))}
          </div>
        ) : null}
        {kind === 'extnos' ? (
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.filter}>{t('ann.agentFilter')}</label>
            <input id={ids.filter} className={inputClass} value={filter} onChange={(e) => setFilter(e.target.value)} />
            <span className="text-sm text-muted">{t('ann.selected', { n: chosenAgents.length })}</span>
            <div className="grid max-h-56 grid-cols-[repeat(auto-fill,minmax(12rem,1fr))] gap-1 overflow-auto" role="group" aria-label={t('ann.agents')}>
              {shown.map((a) => (
                <label key={a.extno} className="inline-flex items-center gap-1 text-sm">
                  <input type="checkbox" name="agent" value={a.extno} checked={chosenAgents.includes(a.extno)} onChange={() => setChosenAgents((l) => toggle(l, a.extno))} />
                  {a.name} ({a.extno})
                </label>
              ))}
            </div>
          </div>
        ) : null}
      </fieldset>

      <section aria-label={t('ann.preview')} className="rounded border border-dashed border-line p-2">
        <h3 className="text-sm font-semibold text-muted">{t('ann.preview')}</h3>
        <p className="break-words whitespace-pre-wrap">{text.trim() || '—'}</p>
        <p className="text-sm text-muted" data-testid="preview-count">
          {audience ? `${audienceText(t, audience)} · ${t('ann.recipients', { n: count })}` : t('ann.noAudience')}
        </p>
      </section>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryClass} disabled={!textOk || !audience || intent.pending}>
          {intent.pending ? t('ann.sending') : t('ann.send')}
        </button>
        {!textOk ? <span className="text-sm text-muted">{t('ann.emptyText')}</span> : null}
        {intent.last && !intent.last.ok ? (
          <p role="alert" className={`rounded border-l-4 px-2 py-1 ${TONE_CLASS[toneOf(intent.last)]}`}>
            {failureText(t, intent.last.code, intent.last.message)}
          </p>
        ) : null}
      </div>
    </form>
  );
}

function History({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const t = useT();
  const q = useQuery({
    queryKey: ['announcements', 'list'],
    queryFn: () => apiData<AnnouncementView[]>('/api/announcements?limit=50'),
    refetchInterval: 10_000,
  });
  return (
    <section className="flex flex-col gap-2 rounded-md border border-line bg-surface p-3" aria-label={t('ann.history')}>
      <h2 className="text-base font-semibold">{t('ann.history')}</h2>
      {q.error ? (
        <p role="alert">{t('ann.loadError', { code: q.error instanceof ApiError ? q.error.code : 'NETWORK', message: q.error.message })}</p>
      ) : !q.data ? (
        <p className="text-muted">{t('audit.loading')}</p>
      ) : !q.data.length ? (
        <p className="text-muted">{t('ann.none')}</p>
      ) : (
        <ul className="flex flex-col divide-y divide-line" data-testid="history">
          {q.data.map((a) => {
            const last = a.sends.at(-1);
            return (
              <li key={a.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1">
                <span className="tabular text-sm text-muted">{formatClockTime(a.createdAt)}</span>
                <span className="min-w-0 flex-1 truncate">{a.text}</span>
                <span className="text-sm text-muted">
                  {audienceText(t, a.audience)} · {t('ann.by', { name: a.sender.name })}
                  {last ? ` · ${t(`ann.outcome.${last.outcome}` as MessageKey)}` : ''}
                </span>
                <span className="tabular text-sm">{t('ann.delivered', { n: a.delivered, m: a.total })}</span>
                <button type="button" className={buttonClass} aria-pressed={selected === a.id} onClick={() => onSelect(a.id)}>
                  {t('ann.show')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function AnnouncementsBody() {
  const t = useT();
  const qc = useQueryClient();
  const [current, setCurrent] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <Compose
          onSent={(v) => {
            qc.setQueryData(['announcements', v.id], v);
            setCurrent(v.id);
            void qc.invalidateQueries({ queryKey: ['announcements', 'list'] });
          }}
        />
        <section className="flex flex-col gap-2 rounded-md border border-line bg-surface p-3" aria-label={t('ann.receipts')}>
          <h2 className="text-base font-semibold">{t('ann.receipts')}</h2>
          {current ? <Receipts id={current} /> : <p className="text-muted">—</p>}
        </section>
      </div>
      <History selected={current} onSelect={setCurrent} />
    </div>
  );
}

export function AnnouncementsPage({ options, lang }: { options: BoardOptions; lang: Lang }) {
  const t = createTranslator(lang);
  return (
    <PageShell options={options} lang={lang} teams={options.teams} title={t('ann.heading')}>
      <AnnouncementsBody />
    </PageShell>
  );
}
