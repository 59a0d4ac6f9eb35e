'use client';
/**
 * One agent: status and feed, today's figures, and the open call's screen pop (`pop:watch`)
 * rendered as the workbench's customer form, and today's states as a timeline (history).
 */
import type { ReactNode } from 'react';
import { useAgent, useNow, usePopDetail } from '@/lib/client/hooks';
import { agentDayStats } from '@/lib/domain/kpi';
import { formatClockTime } from '@/lib/format/centre-time';
import { elapsedSeconds, formatDuration, formatShortDuration } from '@/lib/format/duration';
import type { CallDetail } from '@/lib/protocol';
import { Elapsed } from '@/components/ui/Elapsed';
import { Icon } from '@/components/ui/icons';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { useT } from '@/components/i18n/I18nProvider';
import { ScreenPopForm } from './ScreenPopForm';
import { ActionBar } from '@/components/controls/ActionBar';
import { AgentTimeline } from '@/components/history/AgentTimeline';

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-md border border-line bg-surface p-3" aria-label={title}>
      <h2 className="mb-2 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: readonly [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[minmax(6em,max-content)_1fr] gap-x-4 gap-y-1">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function CallCard({ detail }: { detail: CallDetail }) {
  const t = useT();
  const c = detail.customer;
  return (
    <>
      <Card title={t('agent.call')}>
        <Facts
          rows={[
            [t('agent.customer'), <strong key="n">{c.name || '—'}</strong>],
            [t('col.number'), <span key="p" className="tabular font-mono">{c.phoneMasked}</span>],
            [t('col.city'), detail.city || '—'],
            [t('col.project'), c.projectId],
            [t('col.task'), c.taskId],
            [
              t('col.duration'),
              <span key="d" className="inline-flex items-center gap-2">
                {detail.endedAt === null ? <Elapsed since={detail.connectedAt} /> : formatDuration(elapsedSeconds(detail.connectedAt, detail.endedAt))}
                {detail.held ? (
                  <span className="inline-flex items-center gap-1 text-muted">
                    <Icon name="held" className="h-4 w-4" />
                    {t('tile.held')}
                  </span>
                ) : null}
              </span>,
            ],
            [t('agent.connectedAt'), formatClockTime(detail.connectedAt)],
            ...(detail.endedAt !== null ? [[t('agent.endedAt'), formatClockTime(detail.endedAt)] as [string, ReactNode]] : []),
            [t('agent.session'), <span key="s" className="font-mono">{detail.sessionId}</span>],
          ]}
        />
      </Card>
      <Card title={t('agent.form')}>
        <ScreenPopForm fields={c.fields} />
        <div className="mt-3 border-t border-line pt-2 text-sm">
          <Facts
            rows={[
              [t('agent.group'), c.group || '—'],
              [t('agent.owner'), c.ownerExtno || '—'],
              [t('agent.recordStatus'), c.recordStatus],
              [t('agent.edited'), c.editStamp || '—'],
              [t('agent.imported'), c.importStamp || '—'],
              [t('agent.uuid'), <span key="u" className="font-mono">{c.uuid}</span>],
            ]}
          />
        </div>
      </Card>
    </>
  );
}

export function AgentDetail({ extno }: { extno: string }) {
  const t = useT();
  const a = useAgent(extno);
  const pop = usePopDetail(extno);
  const now = useNow();
  if (!a) return <p className="p-6 text-muted">{t('agent.notFound', { extno })}</p>;
  const s = agentDayStats(a, now || a.stateSince);
  const units = { h: t('units.h'), m: t('units.m'), s: t('units.s') };
  const silent = a.link === 'live' ? null : elapsedSeconds(a.lastFrameAt ?? a.linkSince, now);

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="lg:col-span-2">
        <ActionBar agent={a} />
      </div>
      <Card title={t('agent.title', { name: a.name, extno: a.extno })}>
        <Facts
          rows={[
            [t('col.team'), a.team],
            [t('col.status'), <StatusBadge key="s" agent={a} className="font-semibold" />],
            [t('col.time'), <Elapsed key="e" since={a.stateSince} className="text-2xl font-bold" />],
            [
              t('agent.link'),
              silent === null
                ? t('conn.live')
                : a.lastFrameAt === null
                  ? t('tile.noDataNever')
                  : t('tile.noData', { age: formatShortDuration(silent, units) }),
            ],
            ...(a.pendingSignOut ? [[t('tile.pendingSignOut'), '✓'] as [string, ReactNode]] : []),
          ]}
        />
      </Card>
      <Card title={t('agent.today')}>
        <Facts
          rows={[
            [t('col.calls'), <span key="c" className="tabular">{s.calls}</span>],
            [t('col.talk'), formatDuration(s.talkSeconds)],
            [t('col.wrap'), formatDuration(s.wrapSeconds)],
            [t('col.longestIdle'), formatDuration(s.longestIdleSeconds)],
            [t('col.avgTalk'), s.avgTalkSeconds === null ? '—' : formatDuration(s.avgTalkSeconds)],
          ]}
        />
      </Card>
      {pop.status === 'ready' && pop.detail ? (
        <CallCard detail={pop.detail} />
      ) : (
        <Card title={t('agent.call')}>
          <p className="text-muted" role="status">
            {pop.status === 'loading'
              ? t('agent.popLoading')
              : pop.status === 'error'
                ? t('agent.popError', { code: pop.code, message: pop.message })
                : t('agent.noCall')}
          </p>
        </Card>
      )}
      <Card title={t('agent.timeline')}>
        <AgentTimeline extno={a.extno} />
      </Card>
    </div>
  );
}
