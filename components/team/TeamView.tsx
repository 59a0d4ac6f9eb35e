'use client';
/** One team: its KPIs, larger tiles, and each agent's figures for today. */
import { useMemo } from 'react';
import type { BoardOptions } from '@/lib/client/board-options';
import type { ViewSpec } from '@/lib/client/ordering';
import type { Lang } from '@/lib/i18n/locales';
import { AgentGrid } from '@/components/board/AgentGrid';
import { KpiBar } from '@/components/board/KpiBar';
import { carriedQuery } from '@/components/board/carried-query';
import { PageShell } from '@/components/ui/PageShell';
import { createTranslator } from '@/lib/i18n/dictionaries';
import { TeamStatsTable } from './TeamStatsTable';

/** Team tiles grow further than the floor's: tens of agents, read at a desk or a team's own screen. */
const TEAM_MAX_SCALE = 1.6;

export function TeamView({ team, options, lang }: { team: string; options: BoardOptions; lang: Lang }) {
  const teams = useMemo(() => [team], [team]);
  const { statuses, query, sort } = options;
  const spec: ViewSpec = useMemo(() => ({ teams, statuses, query, sort, group: 'none' }), [teams, statuses, query, sort]);
  const t = createTranslator(lang);
  const hrefQuery = carriedQuery(options);
  return (
    <PageShell options={options} lang={lang} teams={teams} title={t('team.title', { team })}>
      <div className="text-[clamp(12px,0.85vw,20px)]">
        <KpiBar teams={teams} />
      </div>
      <div className="flex h-[min(60vh,900px)] min-h-[240px] flex-col">
        <AgentGrid
          spec={spec}
          density={options.density === 'auto' ? 'full' : options.density}
          kiosk={false}
          pageSeconds={options.pageSeconds}
          hrefQuery={hrefQuery}
          maxScale={TEAM_MAX_SCALE}
          emptyText={t('grid.empty')}
        />
      </div>
      <TeamStatsTable spec={spec} hrefQuery={hrefQuery} />
    </PageShell>
  );
}
