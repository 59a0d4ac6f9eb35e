import { headers } from 'next/headers';
import { AdminConsole } from '@/components/admin/AdminConsole';
import { negotiateLang, parseLang } from '@/lib/i18n/locales';
import type { SearchParams } from '../page-options';

/** Users, display links and API tokens. The server's guard admits admins only (HG-6). */
export default async function AdminPage({ searchParams }: { searchParams: SearchParams }) {
  const lang = (await searchParams).lang;
  const chosen = parseLang(Array.isArray(lang) ? lang[0] : lang);
  return <AdminConsole lang={chosen ?? negotiateLang((await headers()).get('accept-language'))} />;
}
