'use client';
/** The active calls page: shell + table, for the URL's teams. */
import type { BoardOptions } from '@/lib/client/board-options';
import { createTranslator } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';
import { carriedQuery } from '@/components/board/carried-query';
import { PageShell } from '@/components/ui/PageShell';
import { ActiveCalls } from './ActiveCalls';

export function CallsPage({ options, lang }: { options: BoardOptions; lang: Lang }) {
  const t = createTranslator(lang);
  return (
    <PageShell options={options} lang={lang} teams={options.teams} title={t('calls.title')}>
      <ActiveCalls hrefQuery={carriedQuery(options)} />
    </PageShell>
  );
}
