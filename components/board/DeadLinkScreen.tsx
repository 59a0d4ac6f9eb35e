'use client';
/**
 * What a wall TV shows once its display link was revoked (or has expired): the whole screen,
 * white on black, readable from across the room, saying what happened and what to do. The
 * board is gone: its figures would only freeze, and the link will never work again.
 */
import type { DeadLinkCode } from '@/lib/protocol';
import { Icon } from '@/components/ui/icons';
import { useT } from '@/components/i18n/I18nProvider';

export function DeadLinkScreen({ code }: { code: DeadLinkCode }) {
  const t = useT();
  return (
    <div
      role="alert"
      data-testid="dead-link"
      data-code={code}
      className="fixed inset-0 z-[100] flex flex-col items-center justify-center gap-[0.6em] bg-black px-[5vw] text-center text-white"
    >
      <Icon name="link_off" className="h-[clamp(96px,14vh,320px)] w-[clamp(96px,14vh,320px)] text-[#f87171]" />
      <h1 className="text-[clamp(40px,5.2vw,170px)] font-extrabold leading-tight">
        {t(code === 'LINK_EXPIRED' ? 'link.expired.title' : 'link.revoked.title')}
      </h1>
      <p className="text-[clamp(24px,2.6vw,84px)] text-[#e5e5e5]">{t('link.dead.body')}</p>
      <p className="mt-[0.4em] rounded-[0.3em] border-[0.12em] border-[#fbbf24] px-[0.8em] py-[0.3em] text-[clamp(28px,3.2vw,104px)] font-bold text-[#fbbf24]">
        {t('link.dead.action')}
      </p>
    </div>
  );
}
