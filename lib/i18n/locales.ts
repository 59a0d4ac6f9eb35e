/** The board's two languages and how one is chosen. Shared by server and browser. */

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const DEFAULT_LANG: Lang = 'zh-CN';

/** A `lang` URL value, loosely: `zh`, `zh-cn`, `zh-Hans` -> zh-CN; `en*` -> en; else null. */
export function parseLang(value: string | null | undefined): Lang | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en')) return 'en';
  return null;
}

/**
 * The browser's preference from an Accept-Language header (`en-US,en;q=0.9,zh;q=0.8`): the
 * first of our languages by q weight; the floor's own language (zh-CN) when none matches.
 */
export function negotiateLang(acceptLanguage: string | null | undefined): Lang {
  if (!acceptLanguage) return DEFAULT_LANG;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const r of ranked) {
    const lang = parseLang(r.tag);
    if (lang) return lang;
  }
  return DEFAULT_LANG;
}
