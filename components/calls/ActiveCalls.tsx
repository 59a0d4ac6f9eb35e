'use client';
/** Every open call with agent, city, duration and project; click a heading to sort. */
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useAgentList } from '@/lib/client/hooks';
import { Elapsed } from '@/components/ui/Elapsed';
import { Icon } from '@/components/ui/icons';
import { useT } from '@/components/i18n/I18nProvider';
import { openCalls, sortCalls, type CallColumn, type SortDir } from './active-calls';

const LABEL: Readonly<Record<CallColumn, 'col.agent' | 'col.team' | 'col.city' | 'col.duration' | 'col.project'>> = {
  agent: 'col.agent',
  team: 'col.team',
  city: 'col.city',
  duration: 'col.duration',
  project: 'col.project',
};

export function ActiveCalls({ hrefQuery }: { hrefQuery: string }) {
  const t = useT();
  const agents = useAgentList();
  const [sort, setSort] = useState<{ column: CallColumn; dir: SortDir }>({ column: 'duration', dir: 'desc' });
  const calls = useMemo(() => sortCalls(openCalls(agents), sort.column, sort.dir), [agents, sort]);

  const header = (column: CallColumn) => {
    const active = sort.column === column;
    return (
      <th scope="col" className="px-2 py-1 text-left whitespace-nowrap" aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button
          type="button"
          className={`font-semibold ${active ? 'text-fg' : 'text-muted'} hover:text-fg`}
          onClick={() => setSort({ column, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' })}
          aria-label={t('calls.sortBy', { column: t(LABEL[column]) })}
        >
          {t(LABEL[column])} {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
        </button>
      </th>
    );
  };

  return (
    <section className="overflow-x-auto rounded-md border border-line bg-surface">
      <p className="px-3 pt-2 text-muted" role="status">
        {t('calls.count', { count: calls.length })}
      </p>
      {calls.length === 0 ? (
        <p className="p-4 text-muted">{t('calls.none')}</p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-line">
              {header('agent')}
              <th scope="col" className="px-2 py-1 text-left font-semibold text-muted">{t('col.extno')}</th>
              {header('team')}
              {header('city')}
              <th scope="col" className="px-2 py-1 text-left font-semibold text-muted">{t('col.number')}</th>
              {header('duration')}
              {header('project')}
              <th scope="col" className="px-2 py-1 text-left font-semibold text-muted">{t('col.task')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map(({ agent, call }) => (
              <tr key={call.sessionId} className="border-b border-line last:border-0">
                <td className="px-2 py-1 whitespace-nowrap">
                  <Link href={`/agent/${encodeURIComponent(agent.extno)}${hrefQuery}`} className="text-accent underline-offset-2 hover:underline">
                    {agent.name}
                  </Link>
                </td>
                <td className="px-2 py-1 tabular">{agent.extno}</td>
                <td className="px-2 py-1 whitespace-nowrap">{agent.team}</td>
                <td className="px-2 py-1 whitespace-nowrap">{call.city || '—'}</td>
                <td className="px-2 py-1 font-mono tabular">{call.phoneMasked}</td>
                <td className="px-2 py-1 whitespace-nowrap">
                  <span className="inline-flex items-center gap-1">
                    <Elapsed since={call.connectedAt} />
                    {call.held ? (
                      <span className="inline-flex items-center gap-0.5 text-muted">
                        <Icon name="held" className="h-3.5 w-3.5" />
                        {t('calls.held')}
                      </span>
                    ) : null}
                  </span>
                </td>
                <td className="px-2 py-1 tabular">{call.projectId}</td>
                <td className="px-2 py-1 tabular">{call.taskId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
