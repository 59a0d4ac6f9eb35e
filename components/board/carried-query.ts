/** The query carried into links (agent pages, calls, back to the floor) so language and theme follow the user. */
import type { BoardOptions } from '@/lib/client/board-options';

export function carriedQuery(options: Pick<BoardOptions, 'lang' | 'theme'>): string {
  const p = new URLSearchParams();
  if (options.lang) p.set('lang', options.lang);
  if (options.theme !== 'auto') p.set('theme', options.theme);
  const q = p.toString();
  return q ? `?${q}` : '';
}
