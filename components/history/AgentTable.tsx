'use client';
/**
 * The per-agent table of a day: signed-in time, calls, talk, wrap-up, idle, average talk,
 * occupancy, longest wrap-up and idle. Every column sorts (click again to reverse); the sort
 * state is `aria-sort` on the header, so a screen reader hears it too.
 */
import { useMemo, useState } from 'react';
import type { HistoryAgentRow } from '@/lib/history/types';
import { formatCount } from '@/lib/format/number';
import type { MessageKey } from '@/lib/i18n/dictionaries';
import { useT } from '@/components/i18n/I18nProvider';
import { formatPercent, formatSeconds } from './format';

type Key = keyof Pick<
  HistoryAgentRow,
  | 'extno'
  | 'name'
  | 'team'
  | 'signedInSeconds'
  | 'calls'
  | 'onCallSeconds'
  | 'wrapUpSeconds'
  | 'idleSeconds'
  | 'avgTalkSeconds'
  | 'occupancy'
  | 'longestWrapSeconds'
  | 'longestIdleSeconds'
>;

interface Column {
  key: Key;
  label: MessageKey;
  numeric: boolean;
  show: (a: HistoryAgentRow) => string;
}

const COLUMNS: readonly Column[] = [
  { key: 'extno', label: 'history.col.extno', numeric: false, show: (a) => a.extno },
  { key: 'name', label: 'history.col.name', numeric: false, show: (a) => a.name ?? '—' },
  { key: 'team', label: 'history.col.team', numeric: false, show: (a) => a.team },
  { key: 'signedInSeconds', label: 'history.col.signedIn', numeric: true, show: (a) => formatSeconds(a.signedInSeconds) },
  { key: 'calls', label: 'history.col.calls', numeric: true, show: (a) => formatCount(a.calls) },
  { key: 'onCallSeconds', label: 'history.col.talk', numeric: true, show: (a) => formatSeconds(a.onCallSeconds) },
  { key: 'wrapUpSeconds', label: 'history.col.wrap', numeric: true, show: (a) => formatSeconds(a.wrapUpSeconds) },
  { key: 'idleSeconds', label: 'history.col.idle', numeric: true, show: (a) => formatSeconds(a.idleSeconds) },
  { key: 'avgTalkSeconds', label: 'history.col.avgTalk', numeric: true, show: (a) => formatSeconds(a.avgTalkSeconds) },
  { key: 'occupancy', label: 'history.col.occupancy', numeric: true, show: (a) => formatPercent(a.occupancy) },
  { key: 'longestWrapSeconds', label: 'history.col.longestWrap', numeric: true, show: (a) => formatSeconds(a.longestWrapSeconds) },
  { key: 'longestIdleSeconds', label: 'history.col.longestIdle', numeric: true, show: (a) => formatSeconds(a.longestIdleSeconds) },
];

/** Nulls (nothing to divide) sort last either way; ties fall back to the extension. */
export function sortAgents(rows: readonly HistoryAgentRow[], key: Key, descending: boolean): HistoryAgentRow[] {
  const dir = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) {
      if (x === y) return a.extno.localeCompare(b.extno);
      return x === null ? 1 : -1;
    }
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
    return c !== 0 ? c * dir : a.extno.localeCompare(b.extno);
  });
}

export function AgentTable({ agents }: { agents: readonly HistoryAgentRow[] }) {
  const t = useT();
  const [sort, setSort] = useState<{ key: Key; descending: boolean }>({ key: 'extno', descending: false });
  const rows = useMemo(() => sortAgents(agents, sort.key, sort.descending), [agents, sort]);
  return (
    <div className="overflow-x-auto rounded-md border border-line bg-surface">
      <table className="w-full text-sm" data-testid="history-agents">
        <thead>
          <tr className="text-left text-muted">
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={`whitespace-nowrap px-2 py-1.5 font-medium ${c.numeric ? 'text-right' : ''}`}
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  <button
                    type="button"
                    className="inline-flex items-center gap-1 hover:text-fg focus-visible:outline-2 focus-visible:outline-accent"
                    title={t('history.sort', { column: t(c.label) })}
                    onClick={() => setSort((s) => (s.key === c.key ? { key: c.key, descending: !s.descending } : { key: c.key, descending: c.numeric }))}
                  >
                    {t(c.label)}
                    <span aria-hidden="true" className={active ? 'text-fg' : 'opacity-30'}>
                      {active && !sort.descending ? '▲' : '▼'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.extno} className="border-t border-line" data-extno={a.extno}>
              {COLUMNS.map((c) => (
                <td key={c.key} className={`whitespace-nowrap px-2 py-1 ${c.numeric ? 'tabular text-right' : ''}`}>
                  {c.show(a)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
