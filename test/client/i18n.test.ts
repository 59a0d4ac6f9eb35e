import { describe, expect, it } from 'vitest';
import { DICTIONARIES, createTranslator, interpolate } from '@/lib/i18n/dictionaries';
import { en } from '@/lib/i18n/en';
import { enFloor } from '@/lib/i18n/en-floor';
import { enRecords } from '@/lib/i18n/en-records';
import { LANGS } from '@/lib/i18n/locales';
import { KPI_IDS } from '@/lib/domain/kpi';

describe('i18n: every label translated', () => {
  it('each language has every key, none empty', () => {
    for (const lang of LANGS) {
      const dict = DICTIONARIES[lang];
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(dict[key], `${lang} ${key}`).toBeTruthy();
      }
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
    }
  });

  it('a key lives in exactly one part of the dictionary (a second one would silently win)', () => {
    const shared = Object.keys(enFloor).filter((k) => k in enRecords);
    expect(shared).toEqual([]);
  });

  it('placeholders match between languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(names(DICTIONARIES['zh-CN'][key]), key).toEqual(names(en[key]));
    }
  });

  it('every KPI has a label and a definition', () => {
    for (const id of KPI_IDS) {
      expect(en).toHaveProperty(`kpi.${id}`);
      expect(en).toHaveProperty(`kpi.${id}.def`);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} of {b}', { a: 1 })).toBe('1 of {b}');
    expect(createTranslator('zh-CN')('page.indicator', { page: 2, pages: 3 })).toBe('第 2 / 3 页');
  });
});
