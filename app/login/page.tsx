import { headers } from 'next/headers';
import { LoginForm } from '@/components/auth/LoginForm';
import { negotiateLang, parseLang } from '@/lib/i18n/locales';
import type { SearchParams } from '../page-options';

/** Sign-in. The server's guard sends every page here without a session (HG-6). */
export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const lang = parseLang(one(params.lang)) ?? negotiateLang((await headers()).get('accept-language'));
  return <LoginForm lang={lang} next={one(params.next)} />;
}
