'use client';
/**
 * The floor view (`/`) and its kiosk variant (`/board`): everything a floor supervisor reads
 * from across the room. Options come from the URL (parsed by the page on the server).
 */
import { useMemo } from 'react';
import { resolvedTheme, type BoardOptions, type OptionDefaults } from '@/lib/client/board-options';
import { AlertStoreProvider } from '@/lib/client/alert-hooks';
import { FloorProvider } from '@/lib/client/floor-provider';
import { useConnection } from '@/lib/client/hooks';
import type { ViewSpec } from '@/lib/client/ordering';
import type { Lang } from '@/lib/i18n/locales';
import { isDeadLinkCode } from '@/lib/protocol';
import { ThemeRoot } from '@/components/ui/ThemeRoot';
import { I18nProvider, useT } from '@/components/i18n/I18nProvider';
import { AlertArea } from '@/components/alerts/AlertArea';
import { AgentGrid } from './AgentGrid';
import { AnnouncementTicker } from './AnnouncementTicker';
import { BoardControls } from './BoardControls';
import { BoardHeader, ClockAndBadge } from './BoardHeader';
import { ConnectionBanner } from './ConnectionBanner';
import { FeedDownBanner } from './FeedDownBanner';
import { DeadLinkScreen } from './DeadLinkScreen';
import { KpiBar } from './KpiBar';
import { carriedQuery } from './carried-query';

export interface FloorBoardProps {
  options: BoardOptions;
  lang: Lang;
  defaults: OptionDefaults;
}

function BoardView({ options, defaults }: Omit<FloorBoardProps, 'lang'>) {
  const t = useT();
  const connection = useConnection();
  const { teams, statuses, query, sort, group } = options;
  const spec: ViewSpec = useMemo(() => ({ teams, statuses, query, sort, group }), [teams, statuses, query, sort, group]);
  const hrefQuery = carriedQuery(options);
  const kiosk = options.kiosk;
  const emptyText = connection.phase === 'connecting' ? t('conn.waiting') : t('grid.empty');
  // A revoked or expired display link: the board gives way to a screen saying so.
  if (isDeadLinkCode(connection.refused)) return <DeadLinkScreen code={connection.refused} />;

  return (
    <ThemeRoot theme={resolvedTheme(options)} fill className="fb-board flex flex-col" data-conn={connection.phase} data-kiosk={kiosk ? '1' : undefined}>
      <a href="#agents" className="sr-only-text focus:not-sr-only">
        {t('nav.skip')}
      </a>
      <ConnectionBanner overlay={kiosk} />
      <FeedDownBanner overlay={kiosk} />
      <header className={`flex flex-col gap-[0.3em] px-2 pt-[0.3em] ${kiosk ? 'text-[clamp(12px,0.85vw,32px)]' : 'text-[clamp(12px,0.85vw,20px)]'}`}>
        {kiosk ? null : <BoardHeader title={t('app.title')} navQuery={hrefQuery} />}
        <div className="flex items-stretch gap-[0.5em]">
          <KpiBar teams={teams} />
          <ClockAndBadge />
        </div>
      </header>
      <AlertArea kiosk={kiosk} />
      {kiosk ? null : <BoardControls options={options} defaults={defaults} />}
      <div className={`mt-[0.3em] ${kiosk ? 'text-[clamp(13px,0.9vw,32px)]' : 'text-[clamp(12px,0.85vw,20px)]'}`}>
        <AnnouncementTicker />
      </div>
      <main className="flex min-h-0 flex-1 flex-col px-2 pt-1">
        <AgentGrid
          spec={spec}
          density={options.density}
          kiosk={kiosk}
          pageSeconds={options.pageSeconds}
          hrefQuery={hrefQuery}
          emptyText={emptyText}
        />
      </main>
    </ThemeRoot>
  );
}

export function FloorBoard({ options, lang, defaults }: FloorBoardProps) {
  return (
    <I18nProvider lang={lang}>
      <FloorProvider teams={options.teams}>
        <AlertStoreProvider teams={options.teams}>
          <BoardView options={options} defaults={defaults} />
        </AlertStoreProvider>
      </FloorProvider>
    </I18nProvider>
  );
}
