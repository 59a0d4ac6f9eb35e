/**
 * Typed dictionaries and the translator. Shared by server and browser (no react here): server
 * components render labels with the same `t` as client ones.
 */
import { en, type MessageKey } from './en';
import type { Lang } from './locales';
import { zhCN } from './zh-cn';

/** Every key of the English dictionary, as a plain string. */
export type Dictionary = { readonly [K in MessageKey]: string };

export const DICTIONARIES: Readonly<Record<Lang, Dictionary>> = { 'zh-CN': zhCN, en };

export type Vars = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/** Fill `{name}` placeholders; a missing value leaves the placeholder visible (easy to spot). */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function createTranslator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, vars) => interpolate(dict[key], vars);
}

export type { MessageKey };
