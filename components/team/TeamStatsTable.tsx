'use client';
/** Per-agent figures for today (team view): counters plus the running period (lib/domain/kpi.ts). */
import Link from 'next/link';
import { useSyncExternalStore } from 'react';
import { useFloorStore } from '@/lib/client/floor-provider';
import { useAgentIds, useNow } from '@/lib/client/hooks';
import type { ViewSpec } from '@/lib/client/ordering';
import { agentDayStats } from '@/lib/domain/kpi';
import { formatDuration } from '@/lib/format/duration';
import { Elapsed } from '@/components/ui/Elapsed';
import { StatusBadge } from '@/components/ui/StatusBadge';
import { useT } from '@/components/i18n/I18nProvider';

export function TeamStatsTable({ spec, hrefQuery }: { spec: ViewSpec; hrefQuery: string }) {
  const t = useT();
  const store = useFloorStore();
  const ids = useAgentIds(spec);
  // A team is tens of agents: re-rendering the table on each change and each second is cheap.
  useSyncExternalStore(store.subscribeFloor, store.getVersion, store.getVersion);
  const now = useNow();
  const th = 'px-2 py-1 text-left font-semibold text-muted whitespace-nowrap';
  const num = 'px-2 py-1 text-right tabular font-mono whitespace-nowrap';
  return (
    <section aria-labelledby="team-stats" className="overflow-x-auto rounded-md border border-line bg-surface">
      <h2 id="team-stats" className="px-3 pt-2 text-base font-semibold">
        {t('team.stats')}
      </h2>
      <table className="w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-line">
            <th scope="col" className={th}>{t('col.agent')}</th>
            <th scope="col" className={th}>{t('col.extno')}</th>
            <th scope="col" className={th}>{t('col.status')}</th>
            <th scope="col" className={`${th} text-right`}>{t('col.time')}</th>
            <th scope="col" className={`${th} text-right`}>{t('col.calls')}</th>
            <th scope="col" className={`${th} text-right`}>{t('col.talk')}</th>
            <th scope="col" className={`${th} text-right`}>{t('col.wrap')}</th>
            <th scope="col" className={`${th} text-right`}>{t('col.longestIdle')}</th>
            <th scope="col" className={`${th} text-right`}>{t('col.avgTalk')}</th>
          </tr>
        </thead>
        <tbody>
          {ids.map((id) => {
            const a = store.getAgent(id);
            if (!a) return null;
            const s = agentDayStats(a, now || store.serverNow());
            return (
              <tr key={id} className="border-b border-line last:border-0">
                <td className="px-2 py-1 whitespace-nowrap">
                  <Link href={`/agent/${encodeURIComponent(id)}${hrefQuery}`} className="text-accent underline-offset-2 hover:underline">
                    {a.name}
                  </Link>
                </td>
                <td className="px-2 py-1 tabular">{a.extno}</td>
                <td className="px-2 py-1">
                  <StatusBadge agent={a} />
                </td>
                <td className={num}>
                  <Elapsed since={a.stateSince} />
                </td>
                <td className={num}>{s.calls}</td>
                <td className={num}>{formatDuration(s.talkSeconds)}</td>
                <td className={num}>{formatDuration(s.wrapSeconds)}</td>
                <td className={num}>{formatDuration(s.longestIdleSeconds)}</td>
                <td className={num}>{s.avgTalkSeconds === null ? '—' : formatDuration(s.avgTalkSeconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
