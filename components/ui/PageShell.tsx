'use client';
/**
 * Frame of the secondary pages (team, agent, calls): theme, language, the floor store for the
 * page's teams, navigation, the centre's clock and the connection badge.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { resolvedTheme, type BoardOptions } from '@/lib/client/board-options';
import { FloorProvider } from '@/lib/client/floor-provider';
import type { Lang } from '@/lib/i18n/locales';
import { ClockAndBadge } from '@/components/board/BoardHeader';
import { ConnectionBanner } from '@/components/board/ConnectionBanner';
import { carriedQuery } from '@/components/board/carried-query';
import { I18nProvider, useT } from '@/components/i18n/I18nProvider';
import { ThemeRoot } from './ThemeRoot';

export interface PageShellProps {
  options: BoardOptions;
  lang: Lang;
  /** Teams the page's socket asks for (the team view: its team). */
  teams: readonly string[];
  title: ReactNode;
  children: ReactNode;
}

function Nav({ options, title }: Pick<PageShellProps, 'options' | 'title'>) {
  const t = useT();
  const q = carriedQuery(options);
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-line bg-surface px-3 py-2">
      <Link href={`/${q}`} className="font-bold text-fg">
        {t('app.title')}
      </Link>
      <nav className="flex gap-3">
        <Link href={`/${q}`} className="text-accent underline-offset-2 hover:underline">
          {t('nav.floor')}
        </Link>
        <Link href={`/calls${q}`} className="text-accent underline-offset-2 hover:underline">
          {t('nav.calls')}
        </Link>
        <Link href={`/history${q}`} className="text-accent underline-offset-2 hover:underline">
          {t('nav.history')}
        </Link>
      </nav>
      <h1 className="min-w-0 flex-1 truncate text-lg font-semibold">{title}</h1>
      <ClockAndBadge />
    </header>
  );
}

export function PageShell({ options, lang, teams, title, children }: PageShellProps) {
  return (
    <I18nProvider lang={lang}>
      <FloorProvider teams={teams}>
        <ThemeRoot theme={resolvedTheme(options)} className="flex flex-col">
          <ConnectionBanner />
          <Nav options={options} title={title} />
          <main className="flex flex-1 flex-col gap-4 p-3">{children}</main>
        </ThemeRoot>
      </FloorProvider>
    </I18nProvider>
  );
}
