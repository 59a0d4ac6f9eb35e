'use client';
/**
 * The admin page: who is signed in, then users, display links and API tokens, each shown only
 * when the role may manage it (the server refuses the rest anyway).
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { authFetch } from '@/lib/auth/client';
import { authTranslator } from '@/lib/auth/i18n';
import type { MeResponse } from '@/lib/auth/types';
import type { Lang } from '@/lib/i18n/locales';
import { ThemeRoot } from '@/components/ui/ThemeRoot';
import { Button, ErrorLine } from './AdminParts';
import { DisplayLinksPanel } from './DisplayLinksPanel';
import { ThresholdsPanel } from './ThresholdsPanel';
import { TokensPanel } from './TokensPanel';
import { UsersPanel } from './UsersPanel';

async function signOut(): Promise<void> {
  await authFetch('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  window.location.assign('/login');
}

export function AdminConsole({ lang }: { lang: Lang }) {
  const t = authTranslator(lang);
  const me = useQuery({ queryKey: ['auth', 'me'], queryFn: () => authFetch<MeResponse>('/api/auth/me') });
  const may = (p: string) => me.data?.permissions.includes(p) ?? false;
  const sections = [
    { id: 'users', show: may('manage_users'), label: t('admin.users') },
    { id: 'display-links', show: may('manage_display_links'), label: t('admin.displayLinks') },
    { id: 'tokens', show: may('manage_tokens'), label: t('admin.tokens') },
  ].filter((s) => s.show);

  return (
    <ThemeRoot theme="auto" className="flex flex-col">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-line bg-surface px-4 py-2">
        <h1 className="text-lg font-semibold">{t('admin.title')}</h1>
        <nav aria-label={t('admin.title')} className="flex gap-3">
          {sections.map((s) => (
            <a key={s.id} href={`#${s.id}`} className="text-accent underline-offset-2 hover:underline">
              {s.label}
            </a>
          ))}
        </nav>
        <span className="flex-1" />
        {me.data?.user ? <span className="text-sm text-muted">{t('admin.signedInAs', { name: me.data.user.displayName })}</span> : null}
        <Link href="/" className="text-accent underline-offset-2 hover:underline">
          {t('admin.board')}
        </Link>
        <Button onClick={() => void signOut()}>{t('admin.signOut')}</Button>
      </header>
      <main className="flex flex-col gap-4 p-4">
        {me.isPending ? <p>{t('admin.loading')}</p> : null}
        <ErrorLine error={me.error} t={t} />
        {may('manage_users') ? <UsersPanel t={t} lang={lang} selfId={me.data?.user?.id ?? null} /> : null}
        {may('manage_display_links') ? <DisplayLinksPanel t={t} lang={lang} /> : null}
        {may('manage_tokens') ? <TokensPanel t={t} lang={lang} /> : null}
        {me.data?.user?.role === 'admin' || me.data?.user?.role === 'manager' ? <ThresholdsPanel t={t} lang={lang} /> : null}
      </main>
    </ThemeRoot>
  );
}
