/**
 * Shared by the pages: read the URL's board options and the language (the `lang` parameter,
 * else the browser's Accept-Language) on the server, so the first paint is already right.
 */
import { headers } from 'next/headers';
import { parseBoardOptions, type BoardOptions, type OptionDefaults } from '@/lib/client/board-options';
import { negotiateLang, type Lang } from '@/lib/i18n/locales';

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function readPageOptions(
  searchParams: SearchParams,
  defaults: OptionDefaults = {},
): Promise<{ options: BoardOptions; lang: Lang }> {
  const options = parseBoardOptions(await searchParams, defaults);
  const lang = options.lang ?? negotiateLang((await headers()).get('accept-language'));
  return { options, lang };
}
