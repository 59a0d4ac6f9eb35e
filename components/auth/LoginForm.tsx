'use client';
/**
 * The sign-in form: JSON to /api/auth/login, then on to the page the guard sent us from. The
 * session cookie is httpOnly, so this code never sees it.
 */
import { useState, type FormEvent } from 'react';
import { AuthApiError, authFetch, safeNext } from '@/lib/auth/client';
import { authTranslator } from '@/lib/auth/i18n';
import type { Lang } from '@/lib/i18n/locales';
import { ThemeRoot } from '@/components/ui/ThemeRoot';

export function LoginForm({ lang, next }: { lang: Lang; next: string | null }) {
  const t = authTranslator(lang);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await authFetch('/api/auth/login', { method: 'POST', body: { username, password } });
      // A full navigation: the next page renders on the server with the new cookie.
      window.location.assign(safeNext(next));
    } catch (err) {
      const code = err instanceof AuthApiError ? err.code : 'NETWORK';
      if (code === 'INVALID_CREDENTIALS') setError(t('login.invalid'));
      else if (code === 'LOCKED_OUT') setError(t('login.locked', { seconds: (err as AuthApiError).retryAfterSeconds ?? 60 }));
      else setError(t('login.error', { code }));
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <ThemeRoot theme="auto" className="flex items-center justify-center p-4">
      <main className="w-full max-w-sm rounded-lg border border-line bg-surface p-6 shadow-sm">
        <h1 className="mb-4 text-xl font-semibold">{t('login.title')}</h1>
        <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
          <label className="flex flex-col gap-1 text-sm">
            <span>{t('login.username')}</span>
            <input
              name="username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              className="rounded border border-line bg-raised px-2 py-1.5 text-base text-fg"
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span>{t('login.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className="rounded border border-line bg-raised px-2 py-1.5 text-base text-fg"
            />
          </label>
          <p role="alert" aria-live="assertive" className="min-h-5 text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
          <button
            type="submit"
            disabled={busy || username === '' || password === ''}
            className="rounded bg-accent px-3 py-2 font-semibold text-bg focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-50"
          >
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        <p className="mt-4 text-xs text-muted">{t('login.displayHint')}</p>
      </main>
    </ThemeRoot>
  );
}
