'use client';
/** Status as icon + words (never colour alone), greyed with the feed's state when it is not live. */
import type { AgentView } from '@/lib/protocol';
import { Icon } from './icons';
import { useT } from '@/components/i18n/I18nProvider';

export function StatusBadge({ agent, className = '' }: { agent: Pick<AgentView, 'status' | 'link'>; className?: string }) {
  const t = useT();
  const link = agent.link;
  const live = link === 'live';
  return (
    <span
      className={`inline-flex items-center gap-[0.3em] whitespace-nowrap ${className}`}
      style={{ color: live ? `var(--st-${agent.status})` : 'var(--fb-muted)' }}
    >
      <Icon name={live ? agent.status : 'no_data'} className="h-[1.1em] w-[1.1em] flex-none" />
      <span className="text-fg">
        {t(`status.${agent.status}`)}
        {link === 'live' ? '' : ` (${t(`tile.link.${link}`)})`}
      </span>
    </span>
  );
}
