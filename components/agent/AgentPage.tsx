'use client';
/** The agent detail page: shell + detail, for one extension. */
import type { BoardOptions } from '@/lib/client/board-options';
import { createTranslator } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';
import { PageShell } from '@/components/ui/PageShell';
import { AgentDetail } from './AgentDetail';

export function AgentPage({ extno, options, lang }: { extno: string; options: BoardOptions; lang: Lang }) {
  const t = createTranslator(lang);
  return (
    <PageShell options={options} lang={lang} teams={options.teams} title={t('agent.heading', { extno })}>
      <AgentDetail extno={extno} />
    </PageShell>
  );
}
