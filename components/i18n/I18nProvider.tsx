'use client';
/** The page's language for client components; keeps `<html lang>` in step when it changes. */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { createTranslator, type Translate } from '@/lib/i18n/dictionaries';
import type { Lang } from '@/lib/i18n/locales';

interface I18n {
  lang: Lang;
  t: Translate;
}

const I18nContext = createContext<I18n>({ lang: 'zh-CN', t: createTranslator('zh-CN') });

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => ({ lang, t: createTranslator(lang) }), [lang]);
  useEffect(() => {
    // The root layout renders from Accept-Language; a `lang` URL parameter may differ.
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useT(): Translate {
  return useContext(I18nContext).t;
}

export function useLang(): Lang {
  return useContext(I18nContext).lang;
}
