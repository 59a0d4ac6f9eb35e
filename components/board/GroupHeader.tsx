'use client';
/** A team or status heading above its tiles, with the group's live counts by status. */
import { useCallback, useSyncExternalStore } from 'react';
import { useFloorStore } from '@/lib/client/floor-provider';
import type { AgentGroup } from '@/lib/client/ordering';
import { AGENT_STATUSES, type AgentStatus } from '@/lib/domain/status';
import { Icon } from '@/components/ui/icons';
import { useT } from '@/components/i18n/I18nProvider';
import { subscribeGated, usePageGate } from './page-gate';

function useStatusCounts(ids: readonly string[]): Record<AgentStatus, number> & { no_data: number } {
  const store = useFloorStore();
  // Re-rendered on any floor change: a handful of headers, each counting its own ids. On a
  // paging kiosk only the headers of the page on screen and the next one (rule V4's gate).
  const gate = usePageGate();
  const subscribe = useCallback((listener: () => void) => subscribeGated(gate, store.subscribeFloor, listener), [gate, store]);
  useSyncExternalStore(subscribe, store.getVersion, store.getVersion);
  const counts = { idle: 0, on_call: 0, wrap_up: 0, signed_out: 0, unknown: 0, no_data: 0 };
  for (const id of ids) {
    const a = store.getAgent(id);
    if (!a) continue;
    if (a.link !== 'live') counts.no_data += 1;
    else counts[a.status] += 1;
  }
  return counts;
}

export function GroupHeader({ group, height, continued }: { group: AgentGroup; height: number; continued: boolean }) {
  const t = useT();
  const counts = useStatusCounts(group.ids);
  const title =
    group.kind === 'team' ? group.team : group.kind === 'status' ? t(`status.${group.status}`) : t('grid.label');
  return (
    <h2
      className="flex items-center gap-[0.8em] overflow-hidden whitespace-nowrap px-1 font-semibold text-fg"
      style={{ height, fontSize: Math.round(height * 0.62), marginBottom: 4 }}
    >
      <span>
        {title}
        {continued ? ` ${t('grid.continued')}` : ''}
      </span>
      <span className="tabular font-normal text-muted">{group.ids.length}</span>
      {group.kind === 'team' ? (
        <span className="flex items-center gap-[0.7em] font-normal text-muted">
          {[...AGENT_STATUSES, 'no_data' as const]
            .filter((s) => counts[s] > 0)
            .map((s) => (
              <span key={s} className="tabular inline-flex items-center gap-[0.2em]" title={t(`status.${s}`)}>
                <Icon name={s} className="h-[1em] w-[1em]" />
                <span className="sr-only-text">{t(`status.${s}`)}</span>
                {counts[s]}
              </span>
            ))}
        </span>
      ) : null}
    </h2>
  );
}
